package dev.reprotect.reprotect;

import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Retry policies the workflows share. */
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
}
