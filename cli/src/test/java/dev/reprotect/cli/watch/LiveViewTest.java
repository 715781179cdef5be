package dev.reprotect.cli.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How watch draws: redrawn in place on a terminal, changed lines only on a pipe. */
class LiveViewTest {

  static final String ESC = "\u001b[";

  private static LiveView.Line line(String key, String text) {
    return new LiveView.Line(key, text);
  }

  @Test
  void givenATerminal_whenFramesFollow_itShouldMoveBackOverThePreviousFrameAndRewriteEachLine() {
    StringWriter screen = new StringWriter();
    RedrawingView view = new RedrawingView(new PrintWriter(screen), 40);

    view.show(List.of(line("plan", "plan rp-app 10%"), line("vm-app-01", "vm-app-01 20%")));
    String first = screen.toString();
    view.show(List.of(line("plan", "plan rp-app 55%"), line("vm-app-01", "vm-app-01 100%")));
    String second = screen.toString().substring(first.length());

    assertEquals("\r" + ESC + "2Kplan rp-app 10%\n\r" + ESC + "2Kvm-app-01 20%\n", first);
    assertEquals(ESC + "2A\r" + ESC + "2Kplan rp-app 55%\n\r" + ESC + "2Kvm-app-01 100%\n", second);
  }

  @Test
  void givenATerminal_whenAFrameIsShorterOrWider_itShouldClearTheLeftoverLinesAndCutToTheWidth() {
    StringWriter screen = new StringWriter();
    RedrawingView view = new RedrawingView(new PrintWriter(screen), 10);
    view.show(List.of(line("a", "a"), line("b", "b"), line("c", "c")));
    int before = screen.toString().length();

    view.show(List.of(line("a", "0123456789ABCDEF")));

    String redraw = screen.toString().substring(before);
    assertEquals(
        ESC + "3A\r" + ESC + "2K012345678\n\r" + ESC + "2K\n\r" + ESC + "2K\n" + ESC + "2A",
        redraw);
  }

  @Test
  void givenAPipe_whenFramesRepeat_itShouldPrintOnlyTheLinesThatChanged() {
    StringWriter out = new StringWriter();
    PlainLinesView view = new PlainLinesView(new PrintWriter(out));

    view.show(List.of(line("plan", "plan 10%"), line("vm-1", "vm-1 10%")));
    view.show(List.of(line("plan", "plan 10%"), line("vm-1", "vm-1 40%")));
    view.show(List.of(line("plan", "plan 10%"), line("vm-1", "vm-1 40%")));

    assertEquals(List.of("plan 10%", "vm-1 10%", "vm-1 40%"), out.toString().lines().toList());
  }
}
