package dev.reprotect.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * P6 still runs at the quick size and its proposal passes the plan rules; the time is not judged
 * here.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PlacementScaleSmokeTest {

  @Test
  void givenTheQuickSize_whenP6Runs_itShouldPlaceThePlanAndPrintItsRow() {
    QuickRun run = QuickRun.of("P6");

    assertEquals(List.of("P6"), run.names());
    Row p6 = run.rows().get(0);
    assertTrue(Double.isFinite(p6.ratio()) && p6.ratio() > 0, "ratio " + p6.ratio());
    assertEquals(true, p6.figures().get("proposalPassesPlanRules"), p6.figures().toString());
    assertTrue(run.printedRow("P6"));
  }
}
