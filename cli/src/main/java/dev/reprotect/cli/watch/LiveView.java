package dev.reprotect.cli.watch;

import java.io.PrintWriter;
import java.util.List;

/**
 * Where watch draws its frames: redrawn in place on a terminal, or as plain lines (only those that
 * changed) when the output is a pipe or a file.
 */
public interface LiveView {

  /** One line of a frame; {@code key} says which line it is from frame to frame. */
  record Line(String key, String text) {}

  void show(List<Line> frame);

  static LiveView of(PrintWriter out, boolean redraw) {
    return redraw ? new RedrawingView(out, Terminal.columns()) : new PlainLinesView(out);
  }
}
