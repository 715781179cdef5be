package dev.reprotect.plan;

import dev.reprotect.preflight.PreflightReport;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/**
 * Every single-VM rule for every machine of a plan, plus the plan rules (PLAN_VALUES_MISSING,
 * GROUP_MIXED_OS, GROUP_MULTIPLE_MASTER_TARGETS, MT_DISK_LIMIT summed per master target), all at
 * once; each violation names its machine. Read-only.
 */
@ActivityInterface
public interface PlanPreflightActivities {

  /** The dry run; {@code target} of the report is null. */
  @ActivityMethod(name = "PreflightPlan")
  PreflightReport preflightPlan(RecoveryPlanRequest request);

  /**
   * The replication groups the plan's machines belong to, members as the site inventory lists them
   * (members missing from the plan included), each with the master target the plan gives its first
   * member; state {@code IN_PROGRESS} (the plan recomputes it from its machines). Read-only.
   */
  @ActivityMethod(name = "PlanReplicationGroups")
  List<GroupStatus> replicationGroups(RecoveryPlanRequest request);

  /**
   * The plan's machines the Azure side lists as protected back on-premises (reprotected and
   * replicating to VMware), from one read of its replicated items: whether a machine needs
   * reprotecting is the site's fact, whatever Temporal still remembers. Read-only.
   */
  @ActivityMethod(name = "PlanProtectedAlready")
  List<String> protectedAlready(RecoveryPlanRequest request);
}
