package dev.reprotect.capacity;

import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One entity workflow per master target ({@code master-target-slots-{name}}) that holds its 60 disk
 * slots across everything that runs at once: reprotections reserve before ATTACH_DISKS and release
 * on failure, cancel and compensation. Durable: it survives worker restarts.
 */
@WorkflowInterface
public interface MasterTargetSlotsWorkflow {

  static String workflowIdFor(String masterTarget) {
    return "master-target-slots-" + masterTarget;
  }

  /**
   * The client side of {@link #reserve}: update-with-start, so a master target without a ledger
   * gets one (started with {@code newLedger}) and the answer comes in the same call. For the
   * capacity activities, which run outside workflows.
   */
  static SlotAnswer reserveStartingLedger(
      WorkflowClient client, String taskQueue, SlotsLedger newLedger, SlotRequest request) {
    MasterTargetSlotsWorkflow slots =
        client.newWorkflowStub(
            MasterTargetSlotsWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowIdFor(request.masterTarget()))
                .setTaskQueue(taskQueue)
                .setWorkflowIdConflictPolicy(
                    WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build());
    return WorkflowClient.executeUpdateWithStart(
        slots::reserve,
        request,
        UpdateOptions.<SlotAnswer>newBuilder()
            .setWaitForStage(WorkflowUpdateStage.COMPLETED)
            .build(),
        new WithStartWorkflowOperation<>(slots::run, newLedger));
  }

  @WorkflowMethod(name = "MasterTargetSlots")
  void run(SlotsLedger ledger);

  /**
   * Queue a request; answered by signalling {@code slotsGranted} to the requester. Idempotent per
   * item.
   */
  @SignalMethod(name = "request")
  void request(SlotRequest request);

  /**
   * Queue a request and answer it in the same round trip: granted or denied when the ledger can
   * decide at once, else its place in line (the grant then comes by {@code slotsGranted}, as for
   * {@link #request}). Idempotent per item: a repeat from the holder answers its grant again.
   */
  @UpdateMethod(name = "reserve")
  SlotAnswer reserve(SlotRequest request);

  @SignalMethod(name = "release")
  void release(SlotRelease release);

  @QueryMethod(name = "slots")
  SlotsView slots();
}
