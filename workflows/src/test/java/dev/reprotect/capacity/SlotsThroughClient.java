package dev.reprotect.capacity;

import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CapacityActivities for workflow tests: a real signal-with-start of the master target's slots
 * workflow through the test environment's client (so the entity really runs), with what the
 * "site" shows attached given by the test.
 */
public final class SlotsThroughClient implements CapacityActivities {

  private final WorkflowClient client;
  private final String taskQueue;
  private final int maxConcurrent;
  /** Disks attached on the pretend site, by replicated item ("" for others). */
  public final Map<String, Integer> attachedOnSite = new ConcurrentHashMap<>();
  public final AtomicInteger requests = new AtomicInteger();

  public SlotsThroughClient(WorkflowClient client, String taskQueue) {
    this(client, taskQueue, 0);
  }

  public SlotsThroughClient(WorkflowClient client, String taskQueue, int maxConcurrent) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.maxConcurrent = maxConcurrent;
  }

  @Override
  public void requestSlots(SlotRequest request) {
    requests.incrementAndGet();
    String id = MasterTargetSlotsWorkflow.workflowIdFor(request.masterTarget());
    MasterTargetSlotsWorkflow slots = client.newWorkflowStub(MasterTargetSlotsWorkflow.class,
        WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
    BatchRequest batch = client.newSignalWithStartRequest();
    batch.add(slots::run, new SlotsLedger(request.masterTarget(), SlotsLedger.MASTER_TARGET_DISK_LIMIT,
        maxConcurrent, Map.of(), Map.of(), List.of()));
    batch.add(slots::request, new SlotRequest(request.masterTarget(), request.replicatedItem(), request.disks(),
        request.requesterWorkflowId(), Map.copyOf(attachedOnSite)));
    client.signalWithStart(batch);
  }

  /** The slots workflow's view of a master target. */
  public static SlotsView slotsOf(WorkflowClient client, String masterTarget) {
    return client.newWorkflowStub(MasterTargetSlotsWorkflow.class, MasterTargetSlotsWorkflow.workflowIdFor(masterTarget))
        .slots();
  }
}
