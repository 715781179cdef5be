package dev.reprotect.inventory;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** The master targets as a short workflow, so the API reaches the site only through a worker. */
@WorkflowInterface
public interface MasterTargetsWorkflow {

  @WorkflowMethod(name = "ListMasterTargets")
  MasterTargets list();
}
