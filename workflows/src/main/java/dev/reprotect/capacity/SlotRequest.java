package dev.reprotect.capacity;

import java.util.Map;

/**
 * A reprotection asks a master target for disk slots before it attaches its disks.
 *
 * @param requesterWorkflowId the workflow to signal {@code slotsGranted} to (granted or denied)
 * @param disks how many disks it will attach
 * @param attachedOnSite disks attached to the master target on the site when asked, by replicated
 *     item (items that are not reprotections under "" ), so the ledger counts what is already held
 * @param nonce unique to this request (recorded in the requester's history): its answer echoes it,
 *     so a grant meant for another request (of a run before a reset, or a terminated run of the
 *     same VM) is told apart. Null from requesters of builds before nonces.
 */
public record SlotRequest(
    String masterTarget,
    String replicatedItem,
    int disks,
    String requesterWorkflowId,
    Map<String, Integer> attachedOnSite,
    String nonce) {

  public SlotRequest(
      String masterTarget,
      String replicatedItem,
      int disks,
      String requesterWorkflowId,
      Map<String, Integer> attachedOnSite) {
    this(masterTarget, replicatedItem, disks, requesterWorkflowId, attachedOnSite, null);
  }
}
