package dev.reprotect.api.reprotect;

import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.api.temporal.WorkflowIndex;
import dev.reprotect.reprotect.Bytes;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.Step;
import dev.reprotect.reprotect.StepState;
import dev.reprotect.reprotect.StepStatus;
import dev.reprotect.reprotect.SyncProgress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a reprotection's status: the workflow's own status query, with live facts of a running
 * step overlaid from DescribeWorkflowExecution's pending activities (attempt, heartbeat progress,
 * last failure), which reads no history and writes none.
 */
@Singleton
public class StatusReader {

  private static final Logger LOG = LoggerFactory.getLogger(StatusReader.class);

  /** Activity type names (ReprotectActivities, PreflightActivities.validate) to the steps they run. */
  private static final Map<String, Step> STEP_OF_ACTIVITY = Map.of(
      "Validate", Step.VALIDATE,
      "WaitForAgent", Step.WAIT_FOR_AGENT,
      "MergeSnapshots", Step.MERGE_SNAPSHOTS,
      "PowerOff", Step.POWER_OFF,
      "AttachDisks", Step.ATTACH_DISKS,
      "StartReplication", Step.START_REPLICATION,
      "Synchronize", Step.SYNCHRONIZE);

  /** {@link ReprotectWorkflow#status()}'s query type. */
  static final String STATUS_QUERY = "status";

  private final Temporal temporal;

  public StatusReader(Temporal temporal) {
    this.temporal = temporal;
  }

  /** The status of a described reprotection (its status query of that run), live facts overlaid while it runs. */
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
  public ReprotectStatus read(DescribeWorkflowExecutionResponse described, Optional<ReprotectStatus> queried) {
    WorkflowExecutionInfo info = described.getWorkflowExecutionInfo();
    ReprotectStatus status = queried.orElseGet(() -> synthesize(info));
    if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      status = overlay(status, described.getPendingActivitiesList());
    }
    return status;
  }

  /**
   * The status query of a run ({@code runId} empty: the latest), without blocking a thread; empty
   * when it cannot be answered (yet), failed when Temporal cannot be reached.
   */
  public CompletableFuture<Optional<ReprotectStatus>> queryAsync(String id, String runId) {
    return temporal.queryAsync(id, runId, STATUS_QUERY).handle((answer, failure) -> {
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof StatusRuntimeException sre && sre.getStatus().getCode() == Status.Code.UNAVAILABLE) {
          throw new CompletionException(cause);
        }
        LOG.debug("status query of {} not answered: {}", id, cause.toString());
        return Optional.<ReprotectStatus>empty();
      }
      if (answer.hasQueryRejected() || !answer.hasQueryResult()) {
        return Optional.<ReprotectStatus>empty();
      }
      try {
        return Optional.ofNullable(temporal.client().getOptions().getDataConverter().fromPayloads(
            0, Optional.of(answer.getQueryResult()), ReprotectStatus.class, ReprotectStatus.class));
      } catch (RuntimeException unreadable) {
        LOG.debug("status query answer of {} unreadable: {}", id, unreadable.toString());
        return Optional.<ReprotectStatus>empty();
      }
    });
  }

  /** A status from the execution's own facts, when the workflow cannot answer its query. */
  public static ReprotectStatus synthesize(WorkflowExecutionInfo info) {
    String id = info.getExecution().getWorkflowId();
    ReprotectState state = switch (info.getStatus()) {
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> ReprotectState.PROTECTED;
      case WORKFLOW_EXECUTION_STATUS_CANCELED -> ReprotectState.CANCELLED;
      case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_UNSPECIFIED -> ReprotectState.VALIDATING;
      default -> ReprotectState.FAILED;
    };
    Instant started = info.hasStartTime() ? WorkflowIndex.instant(info.getStartTime()) : null;
    Instant ended = info.hasCloseTime() ? WorkflowIndex.instant(info.getCloseTime()) : null;
    return pending(id, state, state == ReprotectState.PROTECTED ? 100 : 0, started, ended, null);
  }

  /** The status of a reprotection that {@code startedBy} just started and has not answered yet. */
  public static ReprotectStatus validating(String id, Instant startedAt, String startedBy) {
    return pending(id, ReprotectState.VALIDATING, 0, startedAt, null, startedBy);
  }

  private static ReprotectStatus pending(
      String id, ReprotectState state, int progress, Instant started, Instant ended, String startedBy) {
    String prefix = ReprotectRequest.workflowIdFor("");
    String item = id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    List<StepStatus> steps = Arrays.stream(Step.values()).map(StepStatus::pending).toList();
    return new ReprotectStatus(id, item, null, state, progress, steps, null, started, ended, startedBy, null);
  }

  /** The running step's attempt, heartbeat progress and last failure, from the pending activities. */
  ReprotectStatus overlay(ReprotectStatus status, List<PendingActivityInfo> pending) {
    if (status.state() == null || status.state().terminal() || status.steps() == null) {
      return status;
    }
    List<StepStatus> steps = new ArrayList<>(status.steps());
    int progress = status.progressPercent();
    for (PendingActivityInfo activity : pending) {
      Step step = STEP_OF_ACTIVITY.get(activity.getActivityType().getName());
      if (step == null) {
        continue;
      }
      int index = indexOf(steps, step);
      if (index < 0 || steps.get(index).state() != StepState.RUNNING) {
        continue;
      }
      StepStatus was = steps.get(index);
      String detail = was.detail();
      if (step == Step.START_REPLICATION && activity.hasHeartbeatDetails()) {
        // The Azure side's job while replication starts, e.g. a Site Recovery job's tasks.
        SyncProgress starting = syncProgress(activity);
        if (starting != null && starting.detail() != null) {
          detail = starting.detail();
        }
      }
      if (step == Step.SYNCHRONIZE && activity.hasHeartbeatDetails()) {
        SyncProgress sync = syncProgress(activity);
        if (sync != null) {
          int percent = Math.max(0, Math.min(100, sync.percent()));
          detail = "synchronizing: " + percent + "% (" + Bytes.ofTotal(sync.bytesSent(), sync.bytesTotal()) + ")"
              + (sync.detail() == null ? "" : "; " + sync.detail());
          progress = Math.min(99, completedWeight(steps) + Step.SYNCHRONIZE.weight() * percent / 100);
        }
      }
      if (activity.hasLastFailure() && activity.getAttempt() > 1) {
        String failure = "retrying (attempt " + activity.getAttempt() + ") after: "
            + activity.getLastFailure().getMessage();
        detail = detail == null ? failure : detail + "; " + failure;
      }
      steps.set(index, new StepStatus(step, was.state(), Math.max(was.attempts(), activity.getAttempt()),
          was.startedAt(), was.endedAt(), detail));
    }
    return new ReprotectStatus(status.id(), status.replicatedItem(), status.plan(), status.state(), progress,
        steps, status.error(), status.startedAt(), status.endedAt(), status.startedBy(), status.cancelledBy());
  }

  private SyncProgress syncProgress(PendingActivityInfo activity) {
    try {
      return temporal.client().getOptions().getDataConverter().fromPayloads(
          0, Optional.of(activity.getHeartbeatDetails()), SyncProgress.class, SyncProgress.class);
    } catch (RuntimeException unreadable) {
      LOG.debug("heartbeat details of {} unreadable: {}", activity.getActivityId(), unreadable.toString());
      return null;
    }
  }

  private static int indexOf(List<StepStatus> steps, Step step) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name() == step) {
        return i;
      }
    }
    return -1;
  }

  private static int completedWeight(List<StepStatus> steps) {
    int done = 0;
    for (StepStatus s : steps) {
      if (s.state() == StepState.COMPLETED || s.state() == StepState.SKIPPED) {
        done += s.name().weight();
      }
    }
    return done;
  }
}
