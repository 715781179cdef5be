package dev.reprotect.reprotect;

import dev.reprotect.capacity.SlotGrant;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Reprotects one VM from Azure back to its on-premises site. Workflow id: {@code
 * reprotect-{replicatedItem}}, one at a time per VM. Ends with the final status when PROTECTED;
 * fails with an ApplicationFailure typed by the rule ID; cancelled, it compensates and ends
 * CANCELLED.
 */
@WorkflowInterface
public interface ReprotectWorkflow {

  /** The workflow type: visibility lists and metrics filter on it. */
  String TYPE = "Reprotect";

  /** The query type of {@link #status()}, for reads that go through the service directly. */
  String STATUS_QUERY = "status";

  @WorkflowMethod(name = TYPE)
  ReprotectStatus reprotect(ReprotectRequest request);

  /** The contract's status body: state, steps with attempts and times, progress, error. */
  @QueryMethod(name = STATUS_QUERY)
  ReprotectStatus status();

  /**
   * The master target's answer to this reprotection's request for disk slots (sent by its {@code
   * master-target-slots-{mt}} workflow): granted, or denied because the disks can never fit.
   */
  @SignalMethod(name = "slotsGranted")
  void slotsGranted(SlotGrant grant);
}
