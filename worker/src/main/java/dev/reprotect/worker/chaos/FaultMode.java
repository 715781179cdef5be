package dev.reprotect.worker.chaos;

/** What an injected fault does to the activity attempt. */
public enum FaultMode {
  /**
   * Throws a retryable {@code ApplicationFailure} of type {@value FaultPlan#INJECTED_FAULT}: the
   * step's retry policy retries it like any transient site fault (the policies name no do-not-retry
   * types, so a generic type is retried exactly as the step's own transient rules).
   */
  TRANSIENT,
  /**
   * Throws a non-retryable {@code ApplicationFailure} of type {@value FaultPlan#INJECTED_FAULT}.
   */
  NON_RETRYABLE,
  /** Sleeps past the attempt's start-to-close timeout (or the rule's delay), then fails. */
  TIMEOUT,
  /**
   * Blocks without heartbeating until the attempt is abandoned: the heartbeat timeout (or, for a
   * step without one, the start-to-close timeout) fires on the server; the thread is released just
   * after it.
   */
  HANG
}
