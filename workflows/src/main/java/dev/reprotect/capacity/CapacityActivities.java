package dev.reprotect.capacity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reaches the master target's slots workflow from a reprotection (workflows cannot signal-with-start). */
@ActivityInterface
public interface CapacityActivities {

  /**
   * Signal-with-start the master target's slots workflow with this request, including what the
   * site shows attached to it. Key: (master target, replicated item); a repeat is ignored by the
   * ledger (it answers again if the item already holds its slots).
   *
   * @return the slots as the master target showed them when asked, for the requester's waiting
   *     detail, or null when the implementation does not read them back (ours does not: the read
   *     costs a query that waits behind the slots workflow's tasks). The grant itself always comes
   *     as the {@code slotsGranted} signal.
   */
  @ActivityMethod(name = "RequestSlots")
  SlotsView requestSlots(SlotRequest request);

  /**
   * The truth the master target's ledger reconciles against: the site's attached disks, which of
   * the given requests' runs no longer run, and the disks left by reprotections that no longer
   * run. Read-only. An implementation that cannot read the truth answers null, and the ledger
   * keeps what it has. (Activity type ReconcileSlots, from the method's name: the SDK refuses
   * {@code @ActivityMethod} on a default method.)
   */
  default SiteSlots reconcileSlots(ReconcileSlotsRequest request) {
    return null;
  }
}
