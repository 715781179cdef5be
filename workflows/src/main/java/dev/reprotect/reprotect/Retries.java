package dev.reprotect.reprotect;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Retry policies, and the activity options built on them, that the workflows share. */
public final class Retries {

  private Retries() {}

  /** Exponential backoff (doubling) from {@code initial} up to {@code maximum} between attempts. */
  public static RetryOptions backoff(Duration initial, Duration maximum) {
    return RetryOptions.newBuilder()
        .setInitialInterval(initial)
        .setBackoffCoefficient(2.0)
        .setMaximumInterval(maximum)
        .build();
  }

  /**
   * Options of an activity that answers an HTTP request: attempts of up to {@code attempt} each,
   * 200 ms apart, at most three and all within {@code overall}; then the caller hears the fault.
   */
  public static ActivityOptions answeringARequest(Duration attempt, Duration overall) {
    return ActivityOptions.newBuilder()
        .setStartToCloseTimeout(attempt)
        .setScheduleToCloseTimeout(overall)
        .setRetryOptions(
            RetryOptions.newBuilder()
                .setInitialInterval(Duration.ofMillis(200))
                .setMaximumAttempts(3)
                .build())
        .build();
  }
}
