package dev.reprotect.api.plan;

import dev.reprotect.api.reprotect.OpenClosedReprotectionIndex;
import dev.reprotect.api.reprotect.ReprotectionRef;
import dev.reprotect.api.temporal.Temporal;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * The recovery-plan workflows ({@code recovery-plan-*}, type "RecoveryPlan") over standard
 * visibility, listed as the reprotections are: open and closed executions merged, the newest run
 * kept per plan, newest first. Reads every page, which suits the tens of plans one site has.
 */
@Singleton
public class OpenClosedPlanIndex {

  private final Temporal temporal;

  public OpenClosedPlanIndex(Temporal temporal) {
    this.temporal = temporal;
  }

  /** Every plan workflow id with its latest run, newest first. */
  public List<ReprotectionRef> all() {
    return OpenClosedReprotectionIndex.latestRuns(temporal, RecoveryPlans.WORKFLOW_TYPE);
  }
}
