package dev.reprotect.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.NotBlank;

/**
 * Where Temporal is. The embedded default starts Temporal's in-memory server on the target's port
 * in this process; set {@code embedded-server: false} and point {@code target} at a real cluster's
 * frontend to run durably.
 *
 * @param target the frontend's host:port
 * @param namespace the Temporal namespace
 * @param taskQueue the task queue workers poll and the API starts workflows on
 * @param embeddedServer start Temporal's in-memory server (state is lost when the process exits)
 */
@ConfigurationProperties("reprotect.temporal")
public record TemporalSettings(
    @Bindable(defaultValue = "localhost:7233") @NotBlank String target,
    @Bindable(defaultValue = "default") @NotBlank String namespace,
    @Bindable(defaultValue = "reprotect") @NotBlank String taskQueue,
    @Bindable(defaultValue = "true") boolean embeddedServer) {

  /**
   * The task queue of the master targets' slots ledgers: a worker of their own, so that
   * reprotections waiting on a ledger (from a local activity, which holds a workflow-task slot) can
   * never take every slot the ledger's own tasks need.
   */
  public String slotsTaskQueue() {
    return slotsTaskQueueOf(taskQueue);
  }

  /** {@code <task-queue>-slots}. */
  public static String slotsTaskQueueOf(String taskQueue) {
    return taskQueue + "-slots";
  }

  /** The port of {@link #target}. */
  public int port() {
    int colon = target.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "reprotect.temporal.target must be host:port, was " + target);
    }
    return Integer.parseInt(target.substring(colon + 1));
  }
}
