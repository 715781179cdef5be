package dev.reprotect.cli.watch;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plain lines for pipes and logs: a line is printed when it first appears and whenever it changes.
 */
final class PlainLinesView implements LiveView {

  private final PrintWriter out;
  private final Map<String, String> printed = new HashMap<>();

  PlainLinesView(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void show(List<Line> frame) {
    for (Line line : frame) {
      if (!line.text().equals(printed.put(line.key(), line.text()))) {
        out.println(line.text());
      }
    }
    out.flush();
  }
}
