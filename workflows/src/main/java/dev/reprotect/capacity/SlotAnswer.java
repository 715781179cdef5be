package dev.reprotect.capacity;

/**
 * The ledger's answer to a reservation asked by update: the grant (or denial) at once, or the place
 * in line, in which case the grant comes later as the {@code slotsGranted} signal.
 *
 * @param grant the answer, echoing the request's nonce; null while the request waits in line
 * @param ahead requests ahead of this one in line (0 when answered)
 * @param used slots in use on the master target when answered
 * @param capacity the master target's slots
 */
public record SlotAnswer(SlotGrant grant, int ahead, int used, int capacity) {

  static SlotAnswer answered(SlotGrant grant) {
    return new SlotAnswer(grant, 0, grant.used(), grant.capacity());
  }
}
