package dev.reprotect.plan;

import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class PlanPreflightWorkflowImpl implements PlanPreflightWorkflow {

  /**
   * A plan's dry run answers an HTTP request, but reads the sites for every machine (up to 2,000):
   * a few attempts of up to two minutes, then report the fault.
   */
  static final ActivityOptions DRY_RUN =
      Retries.answeringARequest(Duration.ofMinutes(2), Duration.ofMinutes(5));

  private final PlanPreflightActivities preflight =
      Workflow.newActivityStub(PlanPreflightActivities.class, DRY_RUN);

  @Override
  public PreflightReport preflight(RecoveryPlanRequest request) {
    return preflight.preflightPlan(request);
  }
}
