package dev.reprotect.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.reprotect.reprotect.ReprotectState;
import org.junit.jupiter.api.Test;

/** A plan's machine state is PENDING or its reprotection's state, by the same name. */
class MachineStateTest {

  @Test
  void givenEveryReprotectionState_whenTakenAsAMachineState_itShouldKeepItsNameAndWhetherItEnded() {
    for (ReprotectState state : ReprotectState.values()) {
      MachineState machine = MachineState.of(state);
      assertEquals(state.name(), machine.name());
      assertEquals(state.terminal(), machine.terminal(), state.name());
      assertEquals(!state.terminal(), machine.running(), state.name());
    }
    assertFalse(MachineState.PENDING.running());
    assertFalse(MachineState.PENDING.terminal());
  }
}
