package dev.reprotect.cli.watch;

/** Whether the CLI writes to an interactive terminal, and how wide it is. */
public final class Terminal {

  private static final int DEFAULT_COLUMNS = 120;

  private Terminal() {}

  /** A console is attached and it understands cursor movement (TERM is not {@code dumb}). */
  public static boolean interactive() {
    return System.console() != null && !"dumb".equals(System.getenv("TERM"));
  }

  /** The width from COLUMNS when the shell exports it, else 120. */
  static int columns() {
    String columns = System.getenv("COLUMNS");
    try {
      return columns == null ? DEFAULT_COLUMNS : Math.max(20, Integer.parseInt(columns.strip()));
    } catch (NumberFormatException notANumber) {
      return DEFAULT_COLUMNS;
    }
  }
}
