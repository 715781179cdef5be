package dev.reprotect.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * P7 still runs at the quick size on the dev server: the plan, placed automatically with part of
 * its master targets Storage-vMotioned, runs to its end with machines failed by that rule, and its
 * payloads are read back from the server. The sizes are not judged here (the full row is).
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class PlanPayloadsSmokeTest {

  @Test
  void
      givenAPlacedPlanWithMachinesFailingByRule_whenP7Runs_itShouldEndFailedAndReportItsPayloads() {
    QuickRun run = QuickRun.of("P7");

    assertEquals(List.of("P7"), run.names());
    Row p7 = run.rows().get(0);
    assertEquals("FAILED", p7.figures().get("ended"), p7.figures().toString());
    // One of the two master targets of 60 machines is moved: some machines fail by the rule, the
    // others protect.
    assertTrue((Integer) p7.figures().get("failedByRule") > 0, p7.figures().toString());
    assertTrue(
        ((Map<?, ?>) p7.figures().get("counts")).get("PROTECTED") instanceof Integer protectedCount
            && protectedCount > 0,
        p7.figures().toString());
    Map<?, ?> kib = (Map<?, ?>) p7.figures().get("payloadKiB");
    for (String payload :
        List.of(
            "planInput",
            "statusQueryAnswer",
            "planResult",
            "placementResult",
            "continueAsNewStateWorstCase",
            "statusAnswerWorstCase")) {
      assertTrue(((Number) kib.get(payload)).doubleValue() > 0, payload + " in " + kib);
    }
    assertEquals("dev", p7.figures().get(BenchmarkRunner.SERVER));
    assertTrue(run.printedRow("P7"));
  }
}
