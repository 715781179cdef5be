package dev.reprotect.capacity;

import dev.reprotect.activities.Attempts;
import dev.reprotect.activities.SiteFailures;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.OnPremSite.AttachedDisk;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.SiteException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks a master target's slots workflow for disk slots on behalf of a reprotection: reads what the
 * site shows attached to the master target, by replicated item ("" for disks that serve none), and
 * signal-with-starts {@code master-target-slots-{mt}} with the request. The first request starts
 * the workflow with the master target's 60 slots and this worker's concurrency limit.
 */
public class CapacityActivitiesImpl implements CapacityActivities {

  private static final Logger LOG = LoggerFactory.getLogger(CapacityActivitiesImpl.class);

  private final WorkflowClient client;
  private final String taskQueue;
  private final OnPremSite onPrem;
  private final int maxConcurrent;

  /** No limit on concurrent reprotections per master target beyond its 60 disk slots. */
  public CapacityActivitiesImpl(WorkflowClient client, String taskQueue, OnPremSite onPrem) {
    this(client, taskQueue, onPrem, 0);
  }

  /**
   * @param taskQueue where new slots workflows start: the ledgers' own queue in the product ({@code
   *     <task-queue>-slots}, a worker of their own), or the one queue of a test's single worker.
   *     Their reconciliation runs on the same queue, so this implementation is registered there
   *     too.
   * @param maxConcurrent how many reprotections may hold a reservation on one master target at once
   *     (0: no limit beyond the slots); it applies when a master target's slots workflow starts
   */
  public CapacityActivitiesImpl(
      WorkflowClient client, String taskQueue, OnPremSite onPrem, int maxConcurrent) {
    if (maxConcurrent < 0) {
      throw new IllegalArgumentException(
          "maxConcurrent must be 0 (no limit) or more, not " + maxConcurrent);
    }
    this.client = client;
    this.taskQueue = taskQueue;
    this.onPrem = onPrem;
    this.maxConcurrent = maxConcurrent;
  }

  @Override
  public SlotsView requestSlots(SlotRequest request) {
    SlotRequest withSite = withSite(request, attachedOrRuleFailure(request));
    String id = MasterTargetSlotsWorkflow.workflowIdFor(request.masterTarget());
    MasterTargetSlotsWorkflow slots =
        client.newWorkflowStub(
            MasterTargetSlotsWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(taskQueue).build());
    BatchRequest start = client.newSignalWithStartRequest();
    start.add(slots::run, newLedger(request.masterTarget()));
    start.add(slots::request, withSite);
    try {
      client.signalWithStart(start);
    } catch (WorkflowExecutionAlreadyStarted raced) {
      // Two first requests raced to start the slots workflow; it runs now: just signal it.
      client.newWorkflowStub(MasterTargetSlotsWorkflow.class, id).request(withSite);
    }
    // No read-back of the slots for the waiting detail: the query queues behind the slots
    // workflow's own tasks and, measured (PERFORMANCE.md, P1/P2), costs more than it tells.
    return null;
  }

  @Override
  public SlotAnswer reserveSlots(SlotRequest request) {
    return MasterTargetSlotsWorkflow.reserveStartingLedger(
        client,
        taskQueue,
        newLedger(request.masterTarget()),
        withSite(request, attachedOrRuleFailure(request)));
  }

  @Override
  public boolean settleSlots(String masterTarget, SlotRelease release) {
    try {
      client
          .newWorkflowStub(
              MasterTargetSlotsWorkflow.class,
              MasterTargetSlotsWorkflow.workflowIdFor(masterTarget))
          .release(release);
    } catch (WorkflowNotFoundException gone) {
      // No ledger (terminated): the next one reconciles from the site, where committed disks stay
      // attached and released ones are gone.
      LOG.warn(
          "{}: no slots ledger of {} to {} to: {}",
          release.replicatedItem(),
          masterTarget,
          release.released() ? "release" : "commit",
          gone.getMessage());
    }
    return true;
  }

  @Override
  public SiteSlots reconcileSlots(ReconcileSlotsRequest request) {
    Map<String, Integer> attached;
    try {
      attached = attachedByItem(request.masterTarget());
    } catch (SiteException fault) {
      throw SiteFailures.of(fault, request.masterTarget(), Attempts.current());
    }
    return SiteSlotsReading.of(
        request.masterTarget(),
        attached,
        request.requests(),
        asked ->
            runs(client, asked.requesterWorkflowId(), null)
                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
        item -> latestRun(client, item));
  }

  /** A master target's first ledger: its 60 slots and this worker's concurrency limit. */
  private SlotsLedger newLedger(String masterTarget) {
    return new SlotsLedger(
        masterTarget,
        SlotsLedger.MASTER_TARGET_DISK_LIMIT,
        maxConcurrent,
        Map.of(),
        Map.of(),
        List.of());
  }

  private static SlotRequest withSite(SlotRequest request, Map<String, Integer> attached) {
    return new SlotRequest(
        request.masterTarget(),
        request.replicatedItem(),
        request.disks(),
        request.requesterWorkflowId(),
        attached,
        request.nonce());
  }

  /** The site's attached disks; a fault of the site is the rule failure of this attempt. */
  private Map<String, Integer> attachedOrRuleFailure(SlotRequest request) {
    int attempt = Attempts.current();
    try {
      return attachedByItem(request.masterTarget());
    } catch (SiteException fault) {
      LOG.info(
          "{}: {} on attempt {}: {}",
          request.replicatedItem(),
          fault.type(),
          attempt,
          fault.getMessage());
      throw SiteFailures.of(fault, request.replicatedItem(), attempt);
    }
  }

  /** How a run stands (null run: the latest); null when the server knows no such run. */
  static WorkflowExecutionStatus runs(WorkflowClient client, String workflowId, String runId) {
    try {
      return client
          .newUntypedWorkflowStub(workflowId, Optional.ofNullable(runId), Optional.empty())
          .describe()
          .getStatus();
    } catch (WorkflowNotFoundException | StatusRuntimeException unknown) {
      if (unknown instanceof StatusRuntimeException grpc
          && grpc.getStatus().getCode() != Status.Code.NOT_FOUND) {
        throw grpc;
      }
      return null;
    }
  }

  /** Whether the item's latest reprotection runs, ended protected, or ended otherwise. */
  static SiteSlotsReading.LatestRun latestRun(WorkflowClient client, String item) {
    WorkflowExecutionStatus status = runs(client, ReprotectRequest.workflowIdFor(item), null);
    if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return SiteSlotsReading.LatestRun.RUNNING;
    }
    return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED
        ? SiteSlotsReading.LatestRun.PROTECTED
        : SiteSlotsReading.LatestRun.ENDED;
  }

  /** The master target's attached disks counted by the item they serve ("" for none). */
  private Map<String, Integer> attachedByItem(String name) {
    MasterTarget mt =
        onPrem
            .masterTarget(name)
            .orElseThrow(
                () ->
                    SiteFailures.of(
                        new SiteException(
                            ProductFailure.MASTER_TARGET_NOT_FOUND,
                            "master target " + name + " is not known to vCenter"),
                        name,
                        0));
    Map<String, Integer> attached = new TreeMap<>();
    for (AttachedDisk disk : mt.attachedDisks()) {
      attached.merge(disk.replicatedItem() == null ? "" : disk.replicatedItem(), 1, Integer::sum);
    }
    return attached;
  }
}
