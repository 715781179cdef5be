package dev.reprotect.api.support;

import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotRequest;
import dev.reprotect.capacity.SlotsLedger;
import dev.reprotect.capacity.SlotsView;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;

/**
 * The fake site's master targets: nothing attached besides what reprotections reserve. Asking for
 * slots signal-with-starts the real {@code master-target-slots-{mt}} workflow through the test
 * environment's client, as the worker's activity does.
 */
public final class FakeCapacity implements CapacityActivities {

  private final WorkflowClient client;
  private final String taskQueue;

  public FakeCapacity(WorkflowClient client, String taskQueue) {
    this.client = client;
    this.taskQueue = taskQueue;
  }

  @Override
  public SlotsView requestSlots(SlotRequest request) {
    String id = MasterTargetSlotsWorkflow.workflowIdFor(request.masterTarget());
    MasterTargetSlotsWorkflow slots =
        client.newWorkflowStub(
            MasterTargetSlotsWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(
        slots::run,
        new SlotsLedger(
            request.masterTarget(),
            SlotsLedger.MASTER_TARGET_DISK_LIMIT,
            0,
            Map.of(),
            Map.of(),
            List.of()));
    batch.add(
        slots::request,
        new SlotRequest(
            request.masterTarget(),
            request.replicatedItem(),
            request.disks(),
            request.requesterWorkflowId(),
            Map.of(),
            request.nonce()));
    client.signalWithStart(batch);
    return null;
  }
}
