package dev.reprotect.watch;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * The protection watch: one long-lived workflow ({@value #WORKFLOW_ID}) that checks every protected
 * item's replication at a fixed interval, publishes what it saw (query and metrics), and continues
 * as new every {@link #CHECKS_PER_RUN} checks. It never ends on its own.
 */
@WorkflowInterface
public interface ProtectionWatchWorkflow {

  String WORKFLOW_ID = "protection-watch";

  /** About 12 events a check: a run's history stays near 1,200 events. */
  int CHECKS_PER_RUN = 100;

  @WorkflowMethod(name = "ProtectionWatch")
  void watch(WatchRequest request);

  /** Every protected item's last reading, and when the watch last checked. */
  String READINGS_QUERY = "readings";

  @QueryMethod(name = READINGS_QUERY)
  ProtectionReadings readings();
}
