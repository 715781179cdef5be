package dev.reprotect.capacity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Reaches the master target's slots workflow from a reprotection (workflows cannot
 * signal-with-start).
 */
@ActivityInterface
public interface CapacityActivities {

  /**
   * Signal-with-start the master target's slots workflow with this request, including what the site
   * shows attached to it. Key: (master target, replicated item); a repeat is ignored by the ledger
   * (it answers again if the item already holds its slots).
   *
   * @return the slots as the master target showed them when asked, for the requester's waiting
   *     detail, or null when the implementation does not read them back (ours does not: the read
   *     costs a query that waits behind the slots workflow's tasks). The grant itself always comes
   *     as the {@code slotsGranted} signal.
   */
  @ActivityMethod(name = "RequestSlots")
  SlotsView requestSlots(SlotRequest request);

  /**
   * Reads what the site shows attached to the master target and asks its ledger for the slots by
   * update-with-start (the ledger is started if absent), so a grant that fits comes back in this
   * one round trip. Key: (master target, replicated item, nonce); a repeat from the holder is
   * answered with its grant again. (Activity type ReserveSlots.)
   *
   * @return the grant or denial, or the place in line (then the grant comes as the {@code
   *     slotsGranted} signal). This default, for implementations without a client, asks as {@link
   *     #requestSlots} does and answers null: the grant comes by signal.
   */
  default SlotAnswer reserveSlots(SlotRequest request) {
    requestSlots(request);
    return null;
  }

  /**
   * Local activity: sends the ledger the commit or release of a reservation (a signal, applied in
   * order; a ledger that is gone is not restarted: the next one reconciles from the site). Key:
   * (master target, item, nonce): a repeat is ignored by the ledger. (Activity type SettleSlots.)
   *
   * @return whether it was sent; this default, for implementations without a client, sends nothing
   *     and answers false: the workflow signals the ledger itself
   */
  default boolean settleSlots(String masterTarget, SlotRelease release) {
    return false;
  }

  /**
   * The truth the master target's ledger reconciles against: the site's attached disks, which of
   * the given requests' runs no longer run, and the disks left by reprotections that no longer run.
   * Read-only. An implementation that cannot read the truth answers null, and the ledger keeps what
   * it has. (Activity type ReconcileSlots, from the method's name: the SDK refuses
   * {@code @ActivityMethod} on a default method.)
   */
  default SiteSlots reconcileSlots(ReconcileSlotsRequest request) {
    return null;
  }
}
