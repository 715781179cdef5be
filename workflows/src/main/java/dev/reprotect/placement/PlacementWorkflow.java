package dev.reprotect.placement;

import dev.reprotect.plan.RecoveryPlanRequest;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A plan's placement as a short workflow, so the API reaches the site only through a worker. */
@WorkflowInterface
public interface PlacementWorkflow {

  @WorkflowMethod(name = "ProposePlacement")
  Placement propose(RecoveryPlanRequest request);
}
