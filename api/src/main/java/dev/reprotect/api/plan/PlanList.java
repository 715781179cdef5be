package dev.reprotect.api.plan;

import dev.reprotect.api.reprotect.ReprotectionRef;
import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.plan.PlanState;
import dev.reprotect.plan.PlanStatus;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Objects;

/** Lists plan reprotections: newest first, filtered by state (read from each status), then paged. */
@Singleton
public class PlanList {

  private final Temporal temporal;
  private final OpenClosedPlanIndex index;
  private final PlanStatusReader statuses;

  public PlanList(Temporal temporal, OpenClosedPlanIndex index, PlanStatusReader statuses) {
    this.temporal = temporal;
    this.index = index;
    this.statuses = statuses;
  }

  public PlanPage list(PlanState state, int page, int size) {
    List<ReprotectionRef> refs = index.all();
    if (state == null) {
      // Without a filter only the requested page's statuses are read.
      int from = (int) Math.min((long) page * size, refs.size());
      int to = Math.min(from + size, refs.size());
      List<PlanStatus> items = refs.subList(from, to).stream().map(this::statusOf).filter(Objects::nonNull).toList();
      return new PlanPage(items, page, size, refs.size());
    }
    List<PlanStatus> matching = refs.stream()
        .map(this::statusOf)
        .filter(Objects::nonNull)
        .filter(s -> s.state() == state)
        .toList();
    int from = (int) Math.min((long) page * size, matching.size());
    int to = Math.min(from + size, matching.size());
    return new PlanPage(matching.subList(from, to), page, size, matching.size());
  }

  /** The plan's status as its status endpoint reads it; null when it vanished meanwhile. */
  private PlanStatus statusOf(ReprotectionRef ref) {
    return temporal.describe(ref.workflowId())
        .filter(d -> RecoveryPlans.WORKFLOW_TYPE.equals(d.getWorkflowExecutionInfo().getType().getName()))
        .map(statuses::read)
        .orElse(null);
  }
}
