package dev.reprotect.cli.text;

/** A fixed-width text progress bar: {@code [########............]}. */
public final class ProgressBar {

  public static final int WIDTH = 20;

  private ProgressBar() {}

  public static String of(int percent) {
    int clamped = Math.max(0, Math.min(100, percent));
    int filled = Math.round(clamped * WIDTH / 100f);
    return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "]";
  }
}
