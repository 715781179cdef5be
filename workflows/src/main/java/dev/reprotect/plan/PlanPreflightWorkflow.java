package dev.reprotect.plan;

import dev.reprotect.preflight.PreflightReport;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** A plan's dry run as a short workflow, so the API reaches the site only through a worker. */
@WorkflowInterface
public interface PlanPreflightWorkflow {

  @WorkflowMethod(name = "PreflightPlan")
  PreflightReport preflight(RecoveryPlanRequest request);
}
