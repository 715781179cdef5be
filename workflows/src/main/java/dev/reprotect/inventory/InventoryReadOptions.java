package dev.reprotect.inventory;

import dev.reprotect.reprotect.Retries;
import io.temporal.activity.ActivityOptions;
import java.time.Duration;

/** Activity options for inventory reads. */
final class InventoryReadOptions {

  /** Reads answer an HTTP request: a few quick attempts, then report the fault. */
  static final ActivityOptions READ =
      Retries.answeringARequest(Duration.ofSeconds(30), Duration.ofMinutes(1));

  private InventoryReadOptions() {}
}
