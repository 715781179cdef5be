package dev.reprotect.plan;

import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.reprotect.ReprotectRequest;
import java.util.List;

/**
 * Reprotect every machine of a recovery plan. Workflow id: {@code recovery-plan-{plan}}.
 *
 * @param machines one request per machine, each with {@code plan} set to this plan; empty on a run
 *     that continued as new with the compact carry (the machines are in {@code carried})
 * @param carried what earlier runs of this plan's workflow did, when it continued as new; null on
 *     the first run
 * @param placement what placement chose ({@code "placement": "auto"}), one entry per machine, the
 *     machines' values already filled from it; null when the request gave every value itself
 */
public record RecoveryPlanRequest(
    String plan,
    List<ReprotectRequest> machines,
    PlanOptions options,
    PlanProgress carried,
    List<MachinePlacement> placement) {

  /** A plan whose values the request gave (no placement). */
  public RecoveryPlanRequest(String plan, List<ReprotectRequest> machines, PlanOptions options, PlanProgress carried) {
    this(plan, machines, options, carried, null);
  }

  public static String workflowIdFor(String plan) {
    return "recovery-plan-" + plan;
  }

  public String workflowId() {
    return workflowIdFor(plan);
  }
}
