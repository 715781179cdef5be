package dev.reprotect.worker;

import dev.reprotect.watch.ProtectionWatchWorkflow;
import dev.reprotect.watch.WatchRequest;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the one protection watch running: every worker tries to start it, soon after start and
 * every minute after, and Temporal lets only one run exist under its workflow id. A watch that was
 * terminated, or failed, is back within a minute; while none runs, the watch-stopped alert says so.
 */
@Singleton
@Requires(property = "reprotect.worker.enabled", notEquals = "false")
@Requires(property = "reprotect.watch.enabled", notEquals = "false")
public class ProtectionWatchStarter {

  private static final Logger LOG = LoggerFactory.getLogger(ProtectionWatchStarter.class);

  private final WorkflowClient client;
  private final TemporalSettings temporal;
  private final WatchSettings settings;

  public ProtectionWatchStarter(
      WorkflowClient client, TemporalSettings temporal, WatchSettings settings) {
    this.client = client;
    this.temporal = temporal;
    this.settings = settings;
  }

  @Scheduled(initialDelay = "1s", fixedDelay = "1m")
  void ensureRunning() {
    ProtectionWatchWorkflow watch =
        client.newWorkflowStub(
            ProtectionWatchWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ProtectionWatchWorkflow.WORKFLOW_ID)
                .setTaskQueue(temporal.taskQueue())
                .setWorkflowIdReusePolicy(
                    WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .build());
    try {
      WorkflowClient.start(watch::watch, WatchRequest.of(settings.checkInterval()));
      LOG.info(
          "Protection watch started: every protected item checked every {}",
          settings.checkInterval());
    } catch (WorkflowExecutionAlreadyStarted running) {
      // the usual case: it runs
    } catch (RuntimeException unreachable) {
      LOG.warn(
          "Protection watch not started (tried again in a minute): {}", unreachable.getMessage());
    }
  }
}
