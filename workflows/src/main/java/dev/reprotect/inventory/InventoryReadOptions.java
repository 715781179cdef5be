package dev.reprotect.inventory;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;

/** Activity options for inventory reads. */
final class InventoryReadOptions {

  /** Reads answer an HTTP request: a few quick attempts, then report the fault. */
  static final ActivityOptions READ =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  private InventoryReadOptions() {}
}
