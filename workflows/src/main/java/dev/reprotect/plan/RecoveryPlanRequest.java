package dev.reprotect.plan;

import dev.reprotect.reprotect.ReprotectRequest;
import java.util.List;

/**
 * Reprotect every machine of a recovery plan. Workflow id: {@code recovery-plan-{plan}}.
 *
 * @param machines one request per machine, each with {@code plan} set to this plan
 * @param carried what earlier runs of this plan's workflow did, when it continued as new; null on
 *     the first run
 */
public record RecoveryPlanRequest(
    String plan, List<ReprotectRequest> machines, PlanOptions options, PlanProgress carried) {

  public static String workflowIdFor(String plan) {
    return "recovery-plan-" + plan;
  }

  public String workflowId() {
    return workflowIdFor(plan);
  }
}
