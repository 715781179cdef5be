package dev.reprotect.bench;

import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotRequest;
import dev.reprotect.capacity.SlotsLedger;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.OnPremSite.AttachedDisk;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Diagnostic only ({@code -Dbench.no-read-back=true}): CapacityActivitiesImpl without its read-back
 * query of the slots workflow after the signal (it returns null, which the workflow already
 * accepts: "waiting for N disk slots on mt" without the queue position). Shows what that query
 * costs at plan scale; not what ships.
 */
final class CapacityWithoutReadBack implements CapacityActivities {

  private final WorkflowClient client;
  private final String taskQueue;
  private final OnPremSite onPrem;

  CapacityWithoutReadBack(WorkflowClient client, String taskQueue, OnPremSite onPrem) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.onPrem = onPrem;
  }

  @Override
  public SlotsView requestSlots(SlotRequest request) {
    Map<String, Integer> attached = new TreeMap<>();
    for (AttachedDisk disk : onPrem.masterTarget(request.masterTarget()).orElseThrow().attachedDisks()) {
      attached.merge(disk.replicatedItem() == null ? "" : disk.replicatedItem(), 1, Integer::sum);
    }
    MasterTargetSlotsWorkflow slots = client.newWorkflowStub(MasterTargetSlotsWorkflow.class, WorkflowOptions.newBuilder()
        .setWorkflowId(MasterTargetSlotsWorkflow.workflowIdFor(request.masterTarget())).setTaskQueue(taskQueue).build());
    BatchRequest start = client.newSignalWithStartRequest();
    start.add(slots::run, new SlotsLedger(request.masterTarget(), SlotsLedger.MASTER_TARGET_DISK_LIMIT, 0, Map.of(),
        Map.of(), List.of()));
    start.add(slots::request, new SlotRequest(request.masterTarget(), request.replicatedItem(), request.disks(),
        request.requesterWorkflowId(), attached, request.nonce()));
    client.signalWithStart(start);
    return null;
  }
}
