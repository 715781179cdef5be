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
 * The harness still runs end to end at tiny sizes ({@code --quick}) on Temporal's dev server (P5
 * against the shipped jar, which the reactor builds first); the figures are not judged here.
 */
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class BenchmarkRunnerSmokeTest {

  @Test
  void givenTheQuickSizes_whenTheBenchmarkRuns_itShouldPrintEveryRowP1ToP5WithANumericRatio() {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<Row> rows =
        BenchmarkRunner.run(
            BenchmarkRunner.Sizes.QUICK,
            "P1,P2,P3,P4,P5",
            new PrintStream(printed, true, StandardCharsets.UTF_8));

    assertEquals(List.of("P1", "P2", "P3", "P4", "P5"), rows.stream().map(Row::name).toList());
    for (Row row : rows) {
      assertTrue(
          Double.isFinite(row.ratio()) && row.ratio() > 0, row.name() + " ratio " + row.ratio());
      assertEquals("dev", row.figures().get(BenchmarkRunner.SERVER), row.name());
    }
    String table = printed.toString(StandardCharsets.UTF_8);
    for (String name : List.of("P1", "P2", "P3", "P4", "P5")) {
      assertTrue(
          table.lines().anyMatch(l -> l.startsWith("| " + name + " ")),
          name + " missing from\n" + table);
    }
  }
}
