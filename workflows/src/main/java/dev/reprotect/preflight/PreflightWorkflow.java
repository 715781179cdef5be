package dev.reprotect.preflight;

import dev.reprotect.reprotect.ReprotectRequest;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The dry run as a short workflow, so the API reaches the site only through a worker. */
@WorkflowInterface
public interface PreflightWorkflow {

  @WorkflowMethod(name = "Preflight")
  PreflightReport preflight(ReprotectRequest request);
}
