package dev.reprotect.cli.watch;

import java.io.PrintWriter;
import java.util.List;

/**
 * Redraws the frame in place with ANSI escapes: cursor up over the previous frame, each line
 * cleared and rewritten. Lines are cut to the terminal's width, as a wrapped line would break the
 * count of lines to go back over.
 */
final class RedrawingView implements LiveView {

  static final String ESC = "\u001b[";

  private final PrintWriter out;
  private final int columns;
  private int drawn;

  RedrawingView(PrintWriter out, int columns) {
    this.out = out;
    this.columns = columns;
  }

  @Override
  public void show(List<Line> frame) {
    StringBuilder screen = new StringBuilder();
    if (drawn > 0) {
      screen.append(ESC).append(drawn).append('A');
    }
    for (Line line : frame) {
      screen.append('\r').append(ESC).append("2K").append(fit(line.text())).append('\n');
    }
    // A frame shorter than the last one clears the lines left below it.
    for (int extra = frame.size(); extra < drawn; extra++) {
      screen.append('\r').append(ESC).append("2K").append('\n');
    }
    if (drawn > frame.size()) {
      screen.append(ESC).append(drawn - frame.size()).append('A');
    }
    drawn = frame.size();
    out.print(screen);
    out.flush();
  }

  private String fit(String text) {
    return text.length() < columns ? text : text.substring(0, Math.max(0, columns - 1));
  }
}
