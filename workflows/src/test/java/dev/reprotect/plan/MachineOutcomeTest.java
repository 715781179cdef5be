package dev.reprotect.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.reprotect.ErrorInfo;
import dev.reprotect.reprotect.Step;
import dev.reprotect.rules.Rule;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A finished machine's outcome, as a plan carries it over continue-as-new, and back. */
class MachineOutcomeTest {

  @Test
  void
      givenAMachineFailedByRule_whenCarried_itShouldKeepRuleStepAndTheCataloguesFixButNotTheText() {
    MachineSummary failed =
        new MachineSummary(
            "vm-db-02",
            "reprotect-vm-db-02",
            MachineState.FAILED,
            0,
            new ErrorInfo(
                Rule.MT_STORAGE_VMOTIONED, "x".repeat(2_000), "a fix", Step.SYNCHRONIZE, null));

    MachineOutcome carried = MachineOutcome.of(failed);
    MachineSummary again = carried.summary("vm-db-02");

    assertNull(carried.message(), "a catalogued rule's text is the catalogue's");
    assertEquals(MachineState.FAILED, again.state());
    assertEquals("reprotect-vm-db-02", again.id());
    assertEquals(Rule.MT_STORAGE_VMOTIONED, again.error().rule());
    assertEquals(Step.SYNCHRONIZE, again.error().step());
    assertEquals(Rule.MT_STORAGE_VMOTIONED.fix(), again.error().fix());
    assertTrue(again.error().message().contains("reprotect-vm-db-02"), again.error().message());
  }

  @Test
  void givenAFailureNamingNoRule_whenCarried_itShouldKeepItsMessageCut() {
    MachineSummary refused =
        new MachineSummary(
            "vm-a",
            "reprotect-vm-a",
            MachineState.FAILED,
            0,
            new ErrorInfo(null, "y".repeat(1_000), "wait", null, null));

    MachineSummary again = MachineOutcome.of(refused).summary("vm-a");

    assertNull(again.error().rule());
    assertEquals("y".repeat(MachineOutcome.MESSAGE_CHARS), again.error().message());
  }

  @Test
  void givenAProtectedMachine_whenCarried_itShouldTakeAFewBytesAndComeBackProtected() {
    MachineOutcome carried =
        MachineOutcome.of(
            new MachineSummary("vm-a", "reprotect-vm-a", MachineState.PROTECTED, 100, null));

    long bytes =
        GlobalDataConverter.get()
            .toPayloads(Map.of("vm-a", carried))
            .orElseThrow()
            .getSerializedSize();

    assertTrue(bytes < 60, bytes + " bytes");
    assertEquals(
        new MachineSummary("vm-a", "reprotect-vm-a", MachineState.PROTECTED, 100, null),
        MachineOutcome.of(new MachineSummary("vm-a", null, MachineState.PROTECTED, 100, null))
            .summary("vm-a"));
    assertEquals(
        Optional.of(carried),
        Optional.of(
            GlobalDataConverter.get()
                .fromPayloads(
                    0,
                    GlobalDataConverter.get().toPayloads(carried),
                    MachineOutcome.class,
                    MachineOutcome.class)));
  }
}
