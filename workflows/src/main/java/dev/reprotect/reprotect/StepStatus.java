package dev.reprotect.reprotect;

import java.time.Instant;
import javax.annotation.Nullable;

/**
 * One step as the status shows it.
 *
 * @param attempts how many activity attempts the step took (retries of transient faults included)
 * @param detail what the step found or did, e.g. "registered after 4m12s"
 */
public record StepStatus(
    Step name,
    StepState state,
    int attempts,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable String detail) {

  public static StepStatus pending(Step step) {
    return new StepStatus(step, StepState.PENDING, 0, null, null, null);
  }
}
