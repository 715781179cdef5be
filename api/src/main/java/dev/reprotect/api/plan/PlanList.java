package dev.reprotect.api.plan;

import dev.reprotect.api.reprotect.ReprotectionRef;
import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.api.temporal.WorkflowIndex;
import dev.reprotect.plan.PlanState;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Lists plan reprotections: newest first, filtered by state, then paged. The server filters by the
 * plan's state search attribute; without ListWorkflowExecutions (the in-memory fallback) each
 * plan's status is read to filter.
 */
@Singleton
public class PlanList {

  private final Temporal temporal;
  private final WorkflowIndex index;
  private final PlanStatusReader statuses;

  public PlanList(Temporal temporal, WorkflowIndex index, PlanStatusReader statuses) {
    this.temporal = temporal;
    this.index = index;
    this.statuses = statuses;
  }

  public PlanPage list(PlanState state, int page, int size) {
    Optional<List<ReprotectionRef>> filtered =
        index.matching(RecoveryPlans.WORKFLOW_TYPE, visibilityFilter(state));
    List<ReprotectionRef> refs = filtered.orElseGet(() -> index.all(RecoveryPlans.WORKFLOW_TYPE));
    if (state == null || filtered.isPresent()) {
      // Without a filter only the requested page's statuses are read.
      int from = (int) Math.min((long) page * size, refs.size());
      int to = Math.min(from + size, refs.size());
      List<PlanStatus> items =
          refs.subList(from, to).stream()
              .map(this::statusOf)
              .filter(Objects::nonNull)
              .filter(s -> state == null || s.state() == state)
              .toList();
      return new PlanPage(items, page, size, refs.size());
    }
    List<PlanStatus> matching =
        refs.stream()
            .map(this::statusOf)
            .filter(Objects::nonNull)
            .filter(s -> s.state() == state)
            .toList();
    int from = (int) Math.min((long) page * size, matching.size());
    int to = Math.min(from + size, matching.size());
    return new PlanPage(matching.subList(from, to), page, size, matching.size());
  }

  /**
   * The plan's state as the plan workflow keeps it in its search attribute, checked against how it
   * ended.
   */
  static String visibilityFilter(PlanState state) {
    if (state == null) {
      return null;
    }
    String attribute =
        ReprotectSearchAttributes.STATE.getName() + " = " + WorkflowIndex.quote(state.name());
    return switch (state) {
      case VALIDATING, RUNNING, PAUSED -> "ExecutionStatus = 'Running' AND " + attribute;
      case FAILED -> "ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut') OR " + attribute;
      case CANCELLED -> "ExecutionStatus = 'Canceled' OR " + attribute;
      default -> attribute;
    };
  }

  /** The plan's status as its status endpoint reads it; null when it vanished meanwhile. */
  private PlanStatus statusOf(ReprotectionRef ref) {
    return temporal
        .describe(ref.workflowId())
        .filter(
            d ->
                RecoveryPlans.WORKFLOW_TYPE.equals(
                    d.getWorkflowExecutionInfo().getType().getName()))
        .map(statuses::read)
        .orElse(null);
  }
}
