package dev.reprotect.placement;

import dev.reprotect.plan.RecoveryPlanRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reads the site's facts and proposes the plan's placement. Read-only. */
@ActivityInterface
public interface PlacementActivities {

  /**
   * Every machine's master target, process server, datastore and retention drive, keeping the
   * values the request gives; violations instead when no assignment satisfies every rule.
   */
  @ActivityMethod(name = "ProposePlacement")
  Placement propose(RecoveryPlanRequest request);
}
