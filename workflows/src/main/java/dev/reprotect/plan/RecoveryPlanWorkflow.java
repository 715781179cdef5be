package dev.reprotect.plan;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Reprotects every machine of a recovery plan, one {@code ReprotectWorkflow} child per machine,
 * through a bounded window. Workflow id {@code recovery-plan-{plan}}.
 */
@WorkflowInterface
public interface RecoveryPlanWorkflow {

  /** The names Temporal knows it by, for callers that cannot use this interface's stub. */
  String TYPE = "RecoveryPlan";

  String STATUS_QUERY = "status";
  String MACHINES_QUERY = "machines";

  @WorkflowMethod(name = TYPE)
  PlanStatus reprotect(RecoveryPlanRequest request);

  /** The plan's status with its first machines; {@link #machines} pages the rest. */
  @QueryMethod(name = STATUS_QUERY)
  PlanStatus status();

  /** The plan's machines from index {@code from} on, a page at a time. */
  @QueryMethod(name = MACHINES_QUERY)
  PlanMachines machines(int from);

  /**
   * Start no new machine until resumed; running ones go on. {@code by}: who asked (the JWT's
   * subject, or {@code api-token}); null in signals sent before it was recorded.
   */
  @SignalMethod(name = "pause")
  void pause(String by);

  /** Start machines again after a pause; {@code by} as for {@link #pause}. */
  @SignalMethod(name = "resume")
  void resume(String by);

  /**
   * How a machine started by an earlier run of this plan ended (sent by the FollowMachines
   * activity); ignored for a machine the run does not follow.
   */
  @SignalMethod(name = "machineEnded")
  void machineEnded(MachineSummary ended);
}
