package dev.reprotect.reprotect;

import dev.reprotect.preflight.PreflightActivities;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * The one place a reprotection's status is computed from its facts: the progress the workflow's
 * status query reports, the status of a run that cannot answer its query (closed, or not started
 * yet), and the live facts of a running step (attempt, heartbeat, last failure) laid over the
 * queried status. Pure: the workflow calls it on every query, and the API only hands it what
 * Temporal said.
 */
public final class ReprotectStatusProjection {

  /** Activity types (ReprotectActivities, PreflightActivities.validate) to the steps they run. */
  private static final Map<String, Step> STEP_OF_ACTIVITY =
      Map.of(
          PreflightActivities.VALIDATE, Step.VALIDATE,
          ReprotectActivities.WAIT_FOR_AGENT, Step.WAIT_FOR_AGENT,
          ReprotectActivities.MERGE_SNAPSHOTS, Step.MERGE_SNAPSHOTS,
          ReprotectActivities.POWER_OFF, Step.POWER_OFF,
          ReprotectActivities.ATTACH_DISKS, Step.ATTACH_DISKS,
          ReprotectActivities.START_REPLICATION, Step.START_REPLICATION,
          ReprotectActivities.SYNCHRONIZE, Step.SYNCHRONIZE);

  /**
   * An activity of a running reprotection, as DescribeWorkflowExecution reports it.
   *
   * @param type the activity type, e.g. {@link ReprotectActivities#SYNCHRONIZE}
   * @param heartbeat the last heartbeat's progress; null when there is none or it is unreadable
   * @param lastFailure the message of the attempt that failed last; null when none failed
   */
  public record RunningActivity(
      String type, int attempt, @Nullable SyncProgress heartbeat, @Nullable String lastFailure) {}

  private ReprotectStatusProjection() {}

  /**
   * Whether {@link #overlay} reads the heartbeat of an activity of this type (a {@link
   * SyncProgress}): only START_REPLICATION's and SYNCHRONIZE's, so a reader decodes no other.
   */
  public static boolean readsHeartbeat(String activityType) {
    Step step = STEP_OF_ACTIVITY.get(activityType);
    return step == Step.START_REPLICATION || step == Step.SYNCHRONIZE;
  }

  /** 100 once protected; otherwise the weights of the steps done, at most 99. */
  public static int progressPercent(ReprotectState state, Collection<StepStatus> steps) {
    return state == ReprotectState.PROTECTED ? 100 : Math.min(completedWeight(steps), 99);
  }

  /** The status of a run from its execution's facts, when the workflow cannot answer its query. */
  public static ReprotectStatus ofExecution(
      String id,
      WorkflowExecutionStatus execution,
      @Nullable Instant started,
      @Nullable Instant ended) {
    ReprotectState state =
        switch (execution) {
          case WORKFLOW_EXECUTION_STATUS_COMPLETED -> ReprotectState.PROTECTED;
          case WORKFLOW_EXECUTION_STATUS_CANCELED -> ReprotectState.CANCELLED;
          case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_UNSPECIFIED ->
              ReprotectState.VALIDATING;
          default -> ReprotectState.FAILED;
        };
    return pending(id, state, state == ReprotectState.PROTECTED ? 100 : 0, started, ended, null);
  }

  /** The status of a reprotection that {@code startedBy} just started and has not answered yet. */
  public static ReprotectStatus validating(String id, Instant startedAt, String startedBy) {
    return pending(id, ReprotectState.VALIDATING, 0, startedAt, null, startedBy);
  }

  /**
   * The running step's attempt, heartbeat progress and last failure laid over a queried status; a
   * finished status, and activities of no step or of a step not running, are left as they are.
   */
  public static ReprotectStatus overlay(ReprotectStatus status, List<RunningActivity> running) {
    if (status.state() == null || status.state().terminal() || status.steps() == null) {
      return status;
    }
    List<StepStatus> steps = new ArrayList<>(status.steps());
    int progress = status.progressPercent();
    for (RunningActivity activity : running) {
      Step step = STEP_OF_ACTIVITY.get(activity.type());
      int index = step == null ? -1 : indexOf(steps, step);
      if (index < 0 || steps.get(index).state() != StepState.RUNNING) {
        continue;
      }
      StepStatus was = steps.get(index);
      String detail = was.detail();
      SyncProgress heartbeat = activity.heartbeat();
      if (step == Step.START_REPLICATION && heartbeat != null && heartbeat.detail() != null) {
        // The Azure side's job while replication starts, e.g. a Site Recovery job's tasks.
        detail = heartbeat.detail();
      }
      if (step == Step.SYNCHRONIZE && heartbeat != null) {
        int percent = Math.max(0, Math.min(100, heartbeat.percent()));
        detail =
            "synchronizing: "
                + percent
                + "% ("
                + Bytes.ofTotal(heartbeat.bytesSent(), heartbeat.bytesTotal())
                + ")"
                + (heartbeat.detail() == null ? "" : "; " + heartbeat.detail());
        progress = Math.min(99, completedWeight(steps) + Step.SYNCHRONIZE.weight() * percent / 100);
      }
      if (activity.lastFailure() != null && activity.attempt() > 1) {
        String failure =
            "retrying (attempt " + activity.attempt() + ") after: " + activity.lastFailure();
        detail = detail == null ? failure : detail + "; " + failure;
      }
      int attempts = Math.max(was.attempts(), activity.attempt());
      steps.set(
          index,
          new StepStatus(step, was.state(), attempts, was.startedAt(), was.endedAt(), detail));
    }
    return new ReprotectStatus(
        status.id(),
        status.replicatedItem(),
        status.plan(),
        status.state(),
        progress,
        steps,
        status.error(),
        status.startedAt(),
        status.endedAt(),
        status.startedBy(),
        status.cancelledBy());
  }

  private static ReprotectStatus pending(
      String id,
      ReprotectState state,
      int progress,
      @Nullable Instant started,
      @Nullable Instant ended,
      @Nullable String startedBy) {
    String prefix = ReprotectRequest.workflowIdFor("");
    String item = id.startsWith(prefix) ? id.substring(prefix.length()) : id;
    List<StepStatus> steps = Arrays.stream(Step.values()).map(StepStatus::pending).toList();
    return new ReprotectStatus(
        id, item, null, state, progress, steps, null, started, ended, startedBy, null);
  }

  private static int indexOf(List<StepStatus> steps, Step step) {
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i).name() == step) {
        return i;
      }
    }
    return -1;
  }

  private static int completedWeight(Collection<StepStatus> steps) {
    int done = 0;
    for (StepStatus step : steps) {
      if (step.state() == StepState.COMPLETED || step.state() == StepState.SKIPPED) {
        done += step.name().weight();
      }
    }
    return done;
  }
}
