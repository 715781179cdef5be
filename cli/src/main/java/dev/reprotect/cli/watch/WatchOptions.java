package dev.reprotect.cli.watch;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How watch polls and draws. */
public class WatchOptions {

  @Option(
      names = "--interval",
      paramLabel = "SECONDS",
      defaultValue = "1",
      description = "Seconds between status reads (default ${DEFAULT-VALUE}).")
  double intervalSeconds;

  @Option(names = "--plain", description = "Plain lines even on a terminal (no redrawing).")
  boolean plain;

  @Option(
      names = "--rows",
      paramLabel = "N",
      defaultValue = "20",
      description =
          "Machines of a plan shown at most, running ones first (default ${DEFAULT-VALUE}).")
  int rows;

  public Duration interval() {
    return Duration.ofMillis(Math.max(100, Math.round(intervalSeconds * 1000)));
  }

  public boolean redraw() {
    return !plain && Terminal.interactive();
  }

  public int rows() {
    return Math.max(1, rows);
  }
}
