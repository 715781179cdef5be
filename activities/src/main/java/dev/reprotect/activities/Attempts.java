package dev.reprotect.activities;

import io.temporal.activity.Activity;

/**
 * The running activity's attempt, 1 for the first (the test environment reports 0 for it, so
 * anything below 1 counts as the first).
 */
public final class Attempts {

  private Attempts() {}

  public static int current() {
    return Math.max(1, Activity.getExecutionContext().getInfo().getAttempt());
  }
}
