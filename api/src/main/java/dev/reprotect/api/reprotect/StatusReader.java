package dev.reprotect.api.reprotect;

import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.api.temporal.WorkflowIndex;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectStatusProjection;
import dev.reprotect.reprotect.ReprotectStatusProjection.RunningActivity;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.SyncProgress;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a reprotection's status: the workflow's own status query, with live facts of a running step
 * overlaid from DescribeWorkflowExecution's pending activities (attempt, heartbeat progress, last
 * failure), which reads no history and writes none.
 */
@Singleton
public class StatusReader {

  private static final Logger LOG = LoggerFactory.getLogger(StatusReader.class);

  private final Temporal temporal;

  public StatusReader(Temporal temporal) {
    this.temporal = temporal;
  }

  /**
   * The status of a described reprotection (its status query of that run), live facts overlaid
   * while it runs.
   */
  public ReprotectStatus read(DescribeWorkflowExecutionResponse described) {
    WorkflowExecution run = described.getWorkflowExecutionInfo().getExecution();
    try {
      return read(described, queryAsync(run.getWorkflowId(), run.getRunId()).join());
    } catch (CompletionException failed) {
      throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
    }
  }

  /**
   * The same from a query already answered: a status read asks the query and the describe at once
   * (PERFORMANCE.md, P5), both of the latest run.
   */
  public ReprotectStatus read(
      DescribeWorkflowExecutionResponse described, Optional<ReprotectStatus> queried) {
    WorkflowExecutionInfo info = described.getWorkflowExecutionInfo();
    ReprotectStatus status = queried.orElseGet(() -> synthesize(info));
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return status;
    }
    return ReprotectStatusProjection.overlay(
        status, described.getPendingActivitiesList().stream().map(this::running).toList());
  }

  /**
   * The status query of a run ({@code runId} empty: the latest), without blocking a thread; empty
   * when it cannot be answered (yet), failed when Temporal cannot be reached.
   */
  public CompletableFuture<Optional<ReprotectStatus>> queryAsync(String id, String runId) {
    return temporal.queryResultAsync(
        id, runId, ReprotectStatus.class, ReprotectWorkflow.STATUS_QUERY);
  }

  /** A status from the execution's own facts, when the workflow cannot answer its query. */
  public static ReprotectStatus synthesize(WorkflowExecutionInfo info) {
    return ReprotectStatusProjection.ofExecution(
        info.getExecution().getWorkflowId(),
        info.getStatus(),
        info.hasStartTime() ? WorkflowIndex.instant(info.getStartTime()) : null,
        info.hasCloseTime() ? WorkflowIndex.instant(info.getCloseTime()) : null);
  }

  /** A pending activity as the projection reads it: its heartbeat decoded, nothing computed. */
  private RunningActivity running(PendingActivityInfo activity) {
    String type = activity.getActivityType().getName();
    boolean read = activity.hasHeartbeatDetails() && ReprotectStatusProjection.readsHeartbeat(type);
    return new RunningActivity(
        type,
        activity.getAttempt(),
        read ? syncProgress(activity) : null,
        activity.hasLastFailure() ? activity.getLastFailure().getMessage() : null);
  }

  private SyncProgress syncProgress(PendingActivityInfo activity) {
    try {
      return temporal
          .client()
          .getOptions()
          .getDataConverter()
          .fromPayloads(
              0,
              Optional.of(activity.getHeartbeatDetails()),
              SyncProgress.class,
              SyncProgress.class);
    } catch (RuntimeException unreadable) {
      LOG.debug(
          "heartbeat details of {} unreadable: {}",
          activity.getActivityId(),
          unreadable.toString());
      return null;
    }
  }
}
