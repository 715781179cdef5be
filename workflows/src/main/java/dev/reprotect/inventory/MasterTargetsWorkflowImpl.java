package dev.reprotect.inventory;

import io.temporal.workflow.Workflow;

public class MasterTargetsWorkflowImpl implements MasterTargetsWorkflow {

  private final InventoryActivities inventory =
      Workflow.newActivityStub(InventoryActivities.class, InventoryReadOptions.READ);

  @Override
  public MasterTargets list() {
    return inventory.listMasterTargets();
  }
}
