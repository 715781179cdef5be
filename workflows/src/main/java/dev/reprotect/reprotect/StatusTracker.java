package dev.reprotect.reprotect;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The status a reprotection keeps about itself, updated as its steps run and read by the status
 * query. Deterministic: every time comes from the workflow's clock.
 */
final class StatusTracker {

  private final String id;
  private final String replicatedItem;
  private final String plan;
  private final Instant startedAt;
  private final Map<Step, StepStatus> steps = new EnumMap<>(Step.class);
  private ReprotectState state = ReprotectState.VALIDATING;
  private Step current;
  private ErrorInfo error;
  private Instant endedAt;
  private final String startedBy;
  private String cancelledBy;

  StatusTracker(String id, ReprotectRequest request, Instant startedAt, String startedBy) {
    this.id = id;
    this.startedBy = startedBy;
    this.replicatedItem = request.replicatedItem();
    this.plan = request.plan();
    this.startedAt = startedAt;
    for (Step step : Step.values()) {
      steps.put(step, StepStatus.pending(step));
    }
  }

  void begin(Step step, Instant now) {
    current = step;
    state = step.state();
    steps.put(step, new StepStatus(step, StepState.RUNNING, 0, now, null, null));
  }

  /** What a running step is doing now, e.g. waiting for disk slots. */
  void detail(Step step, String detail) {
    StepStatus was = steps.get(step);
    steps.put(
        step,
        new StepStatus(step, was.state(), was.attempts(), was.startedAt(), was.endedAt(), detail));
  }

  void complete(Step step, String detail, int attempts, Instant now) {
    end(step, StepState.COMPLETED, attempts, detail, now);
  }

  void skip(Step step, String why, Instant now) {
    steps.put(step, new StepStatus(step, StepState.SKIPPED, 0, now, now, why));
  }

  void protect(Instant now) {
    current = null;
    state = ReprotectState.PROTECTED;
    endedAt = now;
  }

  void fail(ErrorInfo error, int attempts, Instant now) {
    if (current != null) {
      end(current, StepState.FAILED, attempts, error.message(), now);
    }
    this.error = error;
    state = ReprotectState.FAILED;
    endedAt = now;
  }

  void cancel(Instant now, String by) {
    cancelledBy = by;
    if (current != null) {
      end(current, StepState.CANCELLED, steps.get(current).attempts(), "cancelled", now);
    }
    state = ReprotectState.CANCELLED;
    endedAt = now;
  }

  /** When the step last began, or null if it never did. */
  Instant startedAt(Step step) {
    return steps.get(step).startedAt();
  }

  /** The step running now, or null. */
  Step current() {
    return current;
  }

  ReprotectStatus snapshot() {
    List<StepStatus> now = new ArrayList<>(steps.values());
    return new ReprotectStatus(
        id,
        replicatedItem,
        plan,
        state,
        ReprotectStatusProjection.progressPercent(state, now),
        now,
        error,
        startedAt,
        endedAt,
        startedBy,
        cancelledBy);
  }

  private void end(Step step, StepState end, int attempts, String detail, Instant now) {
    StepStatus was = steps.get(step);
    steps.put(step, new StepStatus(step, end, attempts, was.startedAt(), now, detail));
    if (step == current) {
      current = null;
    }
  }

  List<StepStatus> steps() {
    return List.copyOf(steps.values());
  }
}
