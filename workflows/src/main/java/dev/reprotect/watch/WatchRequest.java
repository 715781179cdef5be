package dev.reprotect.watch;

import java.time.Duration;

/**
 * How the protection watch runs, and what it carries over a continue-as-new.
 *
 * @param checkInterval the pause between two checks
 * @param checksPerRun checks before the run continues as new (bounds its history)
 * @param carried the readings of the run before (NONE for the first)
 */
public record WatchRequest(Duration checkInterval, int checksPerRun, ProtectionReadings carried) {

  public static WatchRequest of(Duration checkInterval) {
    return new WatchRequest(
        checkInterval, ProtectionWatchWorkflow.CHECKS_PER_RUN, ProtectionReadings.NONE);
  }
}
