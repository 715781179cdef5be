package dev.reprotect.plan;

import dev.reprotect.preflight.PreflightReport;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

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
}
