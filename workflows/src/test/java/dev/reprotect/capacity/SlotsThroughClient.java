package dev.reprotect.capacity;

import dev.reprotect.reprotect.ReprotectRequest;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * CapacityActivities for workflow tests: a real signal-with-start of the master target's slots
 * workflow through the test environment's client (so the entity really runs), with what the "site"
 * shows attached given by the test.
 */
public final class SlotsThroughClient implements CapacityActivities {

  private final WorkflowClient client;
  private final String taskQueue;
  private final int maxConcurrent;

  /** Disks attached on the pretend site, by replicated item ("" for others). */
  public final Map<String, Integer> attachedOnSite = new ConcurrentHashMap<>();

  public final AtomicInteger requests = new AtomicInteger();
  public final AtomicInteger reconciles = new AtomicInteger();

  /**
   * Whether to read the slots back after the request, as the real activity does. The test server
   * answers a query that races a continue-as-new only after a workflow task timeout (10 s), so
   * tests that continue as new often turn it off.
   */
  public volatile boolean readBack = true;

  /** Runs before each commit or release is sent (a test's hook to race it). */
  public volatile Runnable beforeSettle = () -> {};

  public SlotsThroughClient(WorkflowClient client, String taskQueue) {
    this(client, taskQueue, 0);
  }

  public SlotsThroughClient(WorkflowClient client, String taskQueue, int maxConcurrent) {
    this.client = client;
    this.taskQueue = taskQueue;
    this.maxConcurrent = maxConcurrent;
  }

  @Override
  public SlotsView requestSlots(SlotRequest request) {
    requests.incrementAndGet();
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
            maxConcurrent,
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
            Map.copyOf(attachedOnSite),
            request.nonce()));
    client.signalWithStart(batch);
    try {
      if (!readBack) {
        return null;
      }
      return client.newWorkflowStub(MasterTargetSlotsWorkflow.class, id).slots();
    } catch (RuntimeException notYet) {
      return null;
    }
  }

  /** By update-with-start, as the real activity does; the site's disks are the test's. */
  @Override
  public SlotAnswer reserveSlots(SlotRequest request) {
    requests.incrementAndGet();
    return MasterTargetSlotsWorkflow.reserveStartingLedger(
        client,
        taskQueue,
        new SlotsLedger(
            request.masterTarget(),
            SlotsLedger.MASTER_TARGET_DISK_LIMIT,
            maxConcurrent,
            Map.of(),
            Map.of(),
            List.of()),
        new SlotRequest(
            request.masterTarget(),
            request.replicatedItem(),
            request.disks(),
            request.requesterWorkflowId(),
            Map.copyOf(attachedOnSite),
            request.nonce()));
  }

  @Override
  public boolean settleSlots(String masterTarget, SlotRelease release) {
    beforeSettle.run();
    return settleBySignal(client, masterTarget, release);
  }

  /** The commit or release signal, as {@code CapacityActivitiesImpl} sends it. */
  public static boolean settleBySignal(
      WorkflowClient client, String masterTarget, SlotRelease release) {
    try {
      client
          .newWorkflowStub(
              MasterTargetSlotsWorkflow.class,
              MasterTargetSlotsWorkflow.workflowIdFor(masterTarget))
          .release(release);
    } catch (WorkflowNotFoundException gone) {
      // The next ledger reconciles from the site.
    }
    return true;
  }

  /** The pretend site's disks, and the runs as the test server knows them. */
  @Override
  public SiteSlots reconcileSlots(ReconcileSlotsRequest request) {
    reconciles.incrementAndGet();
    return SiteSlotsReading.of(
        request.masterTarget(),
        Map.copyOf(attachedOnSite),
        request.requests(),
        asked ->
            status(asked.requesterWorkflowId(), null)
                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        item -> {
          WorkflowExecutionStatus latest = status(ReprotectRequest.workflowIdFor(item), null);
          if (latest == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
            return SiteSlotsReading.LatestRun.RUNNING;
          }
          return latest == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
              ? SiteSlotsReading.LatestRun.PROTECTED
              : SiteSlotsReading.LatestRun.ENDED;
        });
  }

  private WorkflowExecutionStatus status(String workflowId, String runId) {
    try {
      return client
          .newUntypedWorkflowStub(workflowId, Optional.ofNullable(runId), Optional.empty())
          .describe()
          .getStatus();
    } catch (RuntimeException notFound) {
      return null;
    }
  }

  /** The slots workflow's view of a master target. */
  public static SlotsView slotsOf(WorkflowClient client, String masterTarget) {
    return client
        .newWorkflowStub(
            MasterTargetSlotsWorkflow.class, MasterTargetSlotsWorkflow.workflowIdFor(masterTarget))
        .slots();
  }
}
