package dev.reprotect.activities;

import java.time.Duration;

/**
 * How the activities poll, in wall-clock time.
 *
 * @param agentPollInterval how often WaitForAgent asks whether the agent registered
 * @param agentPollWindow how long one WaitForAgent attempt polls before it fails with the retryable
 *     AGENT_NOT_REGISTERED (the server then retries it, up to the workflow's 15-minute bound)
 * @param syncPollInterval how often Synchronize reads replication progress (and heartbeats it)
 */
public record ActivitySettings(
    Duration agentPollInterval, Duration agentPollWindow, Duration syncPollInterval) {

  /** Production defaults: poll the agent every 2 s for 60 s per attempt, the sync every 2 s. */
  public static ActivitySettings defaults() {
    return new ActivitySettings(
        Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofSeconds(2));
  }
}
