package dev.reprotect.placement;

import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotsView;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import java.util.Map;

/**
 * Reads reservations from the master targets' slots workflows with their {@code slots} query. A
 * master target whose slots workflow never started (or cannot answer) has none.
 */
public final class LedgerHeldSlots implements HeldSlots {

  private final WorkflowClient client;

  public LedgerHeldSlots(WorkflowClient client) {
    this.client = client;
  }

  @Override
  public Map<String, Integer> reserved(String masterTarget) {
    try {
      SlotsView view =
          client
              .newWorkflowStub(
                  MasterTargetSlotsWorkflow.class,
                  MasterTargetSlotsWorkflow.workflowIdFor(masterTarget))
              .slots();
      return view == null || view.reserved() == null ? Map.of() : view.reserved();
    } catch (WorkflowNotFoundException | WorkflowQueryException none) {
      return Map.of();
    }
  }
}
