package dev.reprotect.placement;

import dev.reprotect.plan.RecoveryPlanRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class PlacementWorkflowImpl implements PlacementWorkflow {

  /**
   * Placement answers an HTTP request but reads the sites for up to 2,000 machines (the engine
   * itself takes well under a second): a few attempts of up to two minutes, then report the fault.
   */
  static final ActivityOptions PROPOSE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  private final PlacementActivities placement = Workflow.newActivityStub(PlacementActivities.class, PROPOSE);

  @Override
  public Placement propose(RecoveryPlanRequest request) {
    return placement.propose(request);
  }
}
