package dev.reprotect.worker.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.reprotect.PowerOffRequest;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultPlanTest {

  @Test
  void givenTheOneLineForm_whenParsed_everyKeyIsRead() {
    FaultRule rule =
        FaultRule.parse(
            "PowerOff|AttachDisks mode=hang when=after probability=0.25 count=3 item=vm-web-01 delay=PT2S");
    assertEquals(Set.of("PowerOff", "AttachDisks"), rule.activityTypes());
    assertEquals(FaultMode.HANG, rule.mode());
    assertEquals(FaultRule.When.AFTER, rule.when());
    assertEquals(0.25, rule.probability());
    assertEquals(3, rule.count());
    assertEquals("vm-web-01", rule.item());
    assertEquals(Duration.ofSeconds(2), rule.delay());
    assertTrue(FaultRule.parse("*").activityTypes().isEmpty());
    assertThrows(IllegalArgumentException.class, () -> FaultRule.parse("PowerOff colour=red"));
    assertThrows(IllegalArgumentException.class, () -> FaultRule.parse("mode=TRANSIENT"));
    assertThrows(IllegalArgumentException.class, () -> FaultRule.parse("* probability=2"));
  }

  @Test
  void givenACount_whenAttemptsMatch_onlyTheFirstNAreFaultedPerStepAndVm() {
    FaultPlan plan = new FaultPlan(1, List.of(FaultRule.parse("PowerOff count=2 item=vm-a")));
    assertTrue(plan.decide("PowerOff", "vm-b", FaultRule.When.BEFORE).isEmpty());
    assertTrue(plan.decide("AttachDisks", "vm-a", FaultRule.When.BEFORE).isEmpty());
    assertTrue(plan.decide("PowerOff", "vm-a", FaultRule.When.AFTER).isEmpty());
    assertTrue(plan.decide("PowerOff", "vm-a", FaultRule.When.BEFORE).isPresent());
    assertTrue(plan.decide("PowerOff", "vm-a", FaultRule.When.BEFORE).isPresent());
    assertTrue(plan.decide("PowerOff", "vm-a", FaultRule.When.BEFORE).isEmpty());
    assertEquals(2, plan.injected());
    assertEquals(2, plan.rules().get(0).injected().get());
  }

  @Test
  void givenAProbabilityAndASeed_theFaultsAreAboutThatShareAndRepeatable() {
    FaultPlan a = new FaultPlan(7, List.of(FaultRule.parse("* probability=0.3")));
    FaultPlan b = new FaultPlan(7, List.of(FaultRule.parse("* probability=0.3")));
    int hits = 0;
    for (int i = 0; i < 10_000; i++) {
      boolean hit = a.decide("Validate", null, FaultRule.When.BEFORE).isPresent();
      assertEquals(hit, b.decide("Validate", null, FaultRule.When.BEFORE).isPresent());
      hits += hit ? 1 : 0;
    }
    assertTrue(hits > 2_700 && hits < 3_300, "hits " + hits);
  }

  @Test
  void givenAnActivityInput_theReplicatedItemIsReadFromIt() {
    assertEquals(
        "vm-web-01",
        ChaosInterceptor.replicatedItem(
            new Object[] {new PowerOffRequest("vm-web-01", "vm-web-01")}));
    assertNull(ChaosInterceptor.replicatedItem(new Object[] {"no item"}));
    assertNull(ChaosInterceptor.replicatedItem(null));
  }
}
