package dev.reprotect.plan;

/**
 * How a recovery plan runs.
 *
 * @param maxInFlight how many machines reprotect at once (the window of running children); well
 *     below Temporal's 2,000 pending children per workflow
 * @param maxPerProcessServer how many machines of the plan may replicate through one process
 *     server at once (0 = no limit beyond the window)
 */
public record PlanOptions(int maxInFlight, int maxPerProcessServer) {

  public static final PlanOptions DEFAULTS = new PlanOptions(100, 0);
}
