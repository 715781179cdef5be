package dev.reprotect.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<Row> rows =
        BenchmarkRunner.run(
            BenchmarkRunner.Sizes.QUICK,
            "P6",
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertEquals(List.of("P6"), rows.stream().map(Row::name).toList());
    Row p6 = rows.get(0);
    assertTrue(Double.isFinite(p6.ratio()) && p6.ratio() > 0, "ratio " + p6.ratio());
    assertEquals(true, p6.figures().get("proposalPassesPlanRules"), p6.figures().toString());
    assertTrue(
        printed.toString(StandardCharsets.UTF_8).lines().anyMatch(l -> l.startsWith("| P6 ")));
  }
}
