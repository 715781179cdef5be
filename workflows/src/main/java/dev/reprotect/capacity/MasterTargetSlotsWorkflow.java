package dev.reprotect.capacity;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One entity workflow per master target ({@code master-target-slots-{name}}) that holds its 60
 * disk slots across everything that runs at once: reprotections reserve before ATTACH_DISKS and
 * release on failure, cancel and compensation. Durable: it survives worker restarts.
 */
@WorkflowInterface
public interface MasterTargetSlotsWorkflow {

  static String workflowIdFor(String masterTarget) {
    return "master-target-slots-" + masterTarget;
  }

  @WorkflowMethod(name = "MasterTargetSlots")
  void run(SlotsLedger ledger);

  /** Queue a request; answered by signalling {@code slotsGranted} to the requester. Idempotent per item. */
  @SignalMethod(name = "request")
  void request(SlotRequest request);

  @SignalMethod(name = "release")
  void release(SlotRelease release);

  @QueryMethod(name = "slots")
  SlotsView slots();
}
