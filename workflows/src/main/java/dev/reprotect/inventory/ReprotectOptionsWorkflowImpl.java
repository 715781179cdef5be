package dev.reprotect.inventory;

import io.temporal.workflow.Workflow;

public class ReprotectOptionsWorkflowImpl implements ReprotectOptionsWorkflow {

  private final InventoryActivities inventory =
      Workflow.newActivityStub(InventoryActivities.class, InventoryReadOptions.READ);

  @Override
  public ReprotectOptions options(ReprotectOptionsRequest request) {
    return inventory.reprotectOptions(request);
  }
}
