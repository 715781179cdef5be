package dev.reprotect.inventory;

import io.temporal.workflow.Workflow;

public class ReplicatedItemsWorkflowImpl implements ReplicatedItemsWorkflow {

  private final InventoryActivities inventory =
      Workflow.newActivityStub(InventoryActivities.class, InventoryReadOptions.READ);

  @Override
  public ReplicatedItems list(ListReplicatedItemsRequest request) {
    return inventory.listReplicatedItems(request);
  }
}
