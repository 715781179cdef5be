package dev.reprotect.plan;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** What a plan needs from Temporal itself (not from the sites). Read-only. */
@ActivityInterface
public interface PlanActivities {

  /**
   * Describes each machine's {@code reprotect-{vm}} execution (its latest run): COMPLETED counts as
   * protected, RUNNING as running elsewhere; anything else (failed, cancelled, terminated, timed
   * out, never run) is left for the plan to start. Read-only, so any number of runs are safe.
   */
  @ActivityMethod(name = "EarlierReprotections")
  EarlierReprotections earlierReprotections(RecoveryPlanRequest request);

  /**
   * Follows machines an earlier run of the plan started (its children, ABANDONed when it continued
   * as new) until each has ended, and signals the plan ({@code machineEnded}) how each ended, as it
   * ends. Long: it heartbeats while it waits; a retry signals again what it had (the plan ignores a
   * machine it does not follow any more).
   */
  @ActivityMethod(name = "FollowMachines")
  void followMachines(FollowMachines request);
}
