package dev.reprotect.plan;

/**
 * How a recovery plan runs.
 *
 * @param maxInFlight how many machines reprotect at once (the window of running children); well
 *     below Temporal's 2,000 pending children per workflow
 * @param maxPerProcessServer how many machines of the plan may replicate through one process server
 *     at once (0 = no limit beyond the window)
 * @param historyBudget the history events after which a run of the plan's workflow continues as
 *     new; 0 (the API's) means {@code RecoveryPlanWorkflowImpl.HISTORY_BUDGET}. A test sets a small
 *     one to see a plan of a few machines continue as new.
 */
public record PlanOptions(int maxInFlight, int maxPerProcessServer, int historyBudget) {

  public static final PlanOptions DEFAULTS = new PlanOptions(100, 0);

  public PlanOptions(int maxInFlight, int maxPerProcessServer) {
    this(maxInFlight, maxPerProcessServer, 0);
  }
}
