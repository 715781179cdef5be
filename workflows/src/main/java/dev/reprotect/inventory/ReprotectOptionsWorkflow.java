package dev.reprotect.inventory;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The Reprotect dialog's choices as a short workflow. */
@WorkflowInterface
public interface ReprotectOptionsWorkflow {

  @WorkflowMethod(name = "ReprotectOptions")
  ReprotectOptions options(ReprotectOptionsRequest request);
}
