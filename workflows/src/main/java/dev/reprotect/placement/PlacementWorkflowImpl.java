package dev.reprotect.placement;

import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.reprotect.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class PlacementWorkflowImpl implements PlacementWorkflow {

  /**
   * Placement answers an HTTP request but reads the sites for up to 2,000 machines (the engine
   * itself takes well under a second): a few attempts of up to two minutes, then report the fault.
   */
  static final ActivityOptions PROPOSE =
      Retries.answeringARequest(Duration.ofMinutes(2), Duration.ofMinutes(5));

  private final PlacementActivities placement =
      Workflow.newActivityStub(PlacementActivities.class, PROPOSE);

  @Override
  public Placement propose(RecoveryPlanRequest request) {
    return placement.propose(request);
  }
}
