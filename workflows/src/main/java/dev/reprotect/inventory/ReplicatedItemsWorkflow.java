package dev.reprotect.inventory;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** An inventory read as a short workflow, so the API reaches the site only through a worker. */
@WorkflowInterface
public interface ReplicatedItemsWorkflow {

  @WorkflowMethod(name = "ListReplicatedItems")
  ReplicatedItems list(ListReplicatedItemsRequest request);
}
