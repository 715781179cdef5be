package dev.reprotect.bench;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The benchmark run at its quick sizes for some rows, with the table it printed. */
record QuickRun(List<Row> rows, String printed) {

  /** Runs {@code rowNames} (e.g. {@code "P1,P2"}) at the quick sizes. */
  static QuickRun of(String rowNames) {
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    List<Row> rows =
        BenchmarkRunner.run(
            BenchmarkRunner.Sizes.QUICK,
            rowNames,
            new PrintStream(printed, true, StandardCharsets.UTF_8));
    return new QuickRun(rows, printed.toString(StandardCharsets.UTF_8));
  }

  List<String> names() {
    return rows.stream().map(Row::name).toList();
  }

  /** Whether the printed table has a row named {@code name}. */
  boolean printedRow(String name) {
    return printed.lines().anyMatch(l -> l.startsWith("| " + name + " "));
  }
}
