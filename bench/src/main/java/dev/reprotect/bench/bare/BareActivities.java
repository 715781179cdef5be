package dev.reprotect.bench.bare;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * No-op activities: one per activity call of a reprotection, so the baseline does the same number.
 */
@ActivityInterface
public interface BareActivities {

  @ActivityMethod(name = "BareStep")
  String step(String input);

  /**
   * A wait as the real WaitForAgent does it: fail (retryably) until the given time, then succeed.
   */
  @ActivityMethod(name = "BareWaitUntil")
  String waitUntil(long epochMillis);
}
