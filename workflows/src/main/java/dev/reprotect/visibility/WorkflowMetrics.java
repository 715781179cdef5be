package dev.reprotect.visibility;

import com.uber.m3.tally.Scope;
import com.uber.m3.util.Duration;
import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * Our domain metrics, emitted from workflow code through {@code Workflow.getMetricsScope()}: the
 * scope reports nothing while a worker replays history, so each is counted once however often a run
 * is replayed, and none adds a history event. The worker's scope goes to Micrometer and from there
 * to {@code /prometheus}, with Temporal's own tags (namespace, task_queue, workflow_type).
 *
 * <p>Names as Prometheus shows them: {@code reprotect_reprotections_total{state,rule}}, {@code
 * reprotect_step_duration_seconds{step,outcome}}, {@code reprotect_agent_wait_seconds}, {@code
 * reprotect_plans_total{state,rule}}, {@code reprotect_plan_progress_percent{plan}}, {@code
 * reprotect_master_target_slots_used{master_target}}, {@code
 * reprotect_master_target_slots_capacity{master_target}}, {@code
 * reprotect_master_target_queue_length{master_target}}, {@code
 * reprotect_master_target_queue_oldest_wait_seconds{master_target}} (updated whenever the ledger
 * acts, and at least every reconcile period), {@code reprotect_compensations_incomplete_total} (a
 * failed or cancelled run whose undo left disks attached or replication running: never counted as
 * undone).
 */
public final class WorkflowMetrics {

  /** The {@code rule} tag of an end no rule caused (protected, cancelled, an untyped failure). */
  public static final String NO_RULE = "none";

  static final String REPROTECTIONS = "reprotect_reprotections";
  static final String STEP_DURATION = "reprotect_step_duration";
  static final String AGENT_WAIT = "reprotect_agent_wait";
  static final String PLANS = "reprotect_plans";
  static final String PLAN_PROGRESS = "reprotect_plan_progress_percent";
  static final String SLOTS_USED = "reprotect_master_target_slots_used";
  static final String SLOTS_CAPACITY = "reprotect_master_target_slots_capacity";
  static final String QUEUE_LENGTH = "reprotect_master_target_queue_length";
  static final String QUEUE_OLDEST_WAIT = "reprotect_master_target_queue_oldest_wait_seconds";
  static final String COMPENSATIONS_INCOMPLETE = "reprotect_compensations_incomplete";

  private WorkflowMetrics() {}

  /** A reprotection ended: PROTECTED, FAILED (by rule, or {@link #NO_RULE}) or CANCELLED. */
  public static void reprotectionEnded(String state, String rule) {
    scope()
        .tagged(Map.of("state", state, "rule", rule == null ? NO_RULE : rule))
        .counter(REPROTECTIONS)
        .inc(1);
  }

  /** A run's undo left something behind (COMPENSATION_INCOMPLETE): someone must act. */
  public static void compensationIncomplete() {
    scope().counter(COMPENSATIONS_INCOMPLETE).inc(1);
  }

  /** A runbook step ended (COMPLETED or FAILED) after this long, retries included. */
  public static void stepEnded(String step, String outcome, java.time.Duration took) {
    scope().tagged(Map.of("step", step, "outcome", outcome)).timer(STEP_DURATION).record(of(took));
  }

  /** How long a reprotection waited for its replica's agent to register (or gave up waiting). */
  public static void agentWaited(java.time.Duration took) {
    scope().timer(AGENT_WAIT).record(of(took));
  }

  /** A plan ended: PROTECTED, FAILED (by rule, or {@link #NO_RULE}) or CANCELLED. */
  public static void planEnded(String state, String rule) {
    scope()
        .tagged(Map.of("state", state, "rule", rule == null ? NO_RULE : rule))
        .counter(PLANS)
        .inc(1);
  }

  /** Percent of a plan's machines finished. */
  public static void planProgress(String plan, int percent) {
    scope().tagged(Map.of("plan", plan)).gauge(PLAN_PROGRESS).update(percent);
  }

  /** Disk slots of a master target in use, and how many it has. */
  public static void masterTargetSlots(String masterTarget, int used, int capacity) {
    Scope tagged = scope().tagged(Map.of("master_target", masterTarget));
    tagged.gauge(SLOTS_USED).update(used);
    tagged.gauge(SLOTS_CAPACITY).update(capacity);
  }

  /** Requests waiting in a master target's line, and how long the first has waited. */
  public static void masterTargetQueue(String masterTarget, int length, double oldestWaitSeconds) {
    Scope tagged = scope().tagged(Map.of("master_target", masterTarget));
    tagged.gauge(QUEUE_LENGTH).update(length);
    tagged.gauge(QUEUE_OLDEST_WAIT).update(oldestWaitSeconds);
  }

  private static Scope scope() {
    return Workflow.getMetricsScope();
  }

  private static Duration of(java.time.Duration took) {
    return Duration.ofNanos(Math.max(0, took.toNanos()));
  }
}
