package dev.reprotect.plan;

import dev.reprotect.preflight.PreflightReport;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class PlanPreflightWorkflowImpl implements PlanPreflightWorkflow {

  /**
   * A plan's dry run answers an HTTP request, but reads the sites for every machine (up to 2,000):
   * a few attempts of up to two minutes, then report the fault.
   */
  static final ActivityOptions DRY_RUN =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  private final PlanPreflightActivities preflight =
      Workflow.newActivityStub(PlanPreflightActivities.class, DRY_RUN);

  @Override
  public PreflightReport preflight(RecoveryPlanRequest request) {
    return preflight.preflightPlan(request);
  }
}
