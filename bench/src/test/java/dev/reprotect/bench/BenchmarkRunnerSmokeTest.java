package dev.reprotect.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness still runs end to end at tiny sizes ({@code --quick}) on Temporal's dev server (P5
 * against the shipped jar, which the reactor builds first); the figures are not judged here.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class BenchmarkRunnerSmokeTest {

  @Test
  void givenTheQuickSizes_whenTheBenchmarkRuns_itShouldPrintEveryRowP1ToP5WithANumericRatio() {
    QuickRun run = QuickRun.of("P1,P2,P3,P4,P5");

    assertEquals(List.of("P1", "P2", "P3", "P4", "P5"), run.names());
    for (Row row : run.rows()) {
      assertTrue(
          Double.isFinite(row.ratio()) && row.ratio() > 0, row.name() + " ratio " + row.ratio());
      assertEquals("dev", row.figures().get(BenchmarkRunner.SERVER), row.name());
    }
    for (String name : List.of("P1", "P2", "P3", "P4", "P5")) {
      assertTrue(run.printedRow(name), name + " missing from\n" + run.printed());
    }
  }
}
