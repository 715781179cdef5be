package dev.reprotect.capacity;

/**
 * The master target's answer to a slot request.
 *
 * @param granted false when the request can never fit (more disks than the master target has free
 *     slots even when idle): a MT_DISK_LIMIT rule failure
 * @param used slots in use on the master target once this grant counts
 * @param capacity the master target's slots (60)
 * @param nonce the request's nonce, echoed: a requester ignores an answer to another run's request
 */
public record SlotGrant(
    String masterTarget,
    boolean granted,
    int disks,
    int used,
    int capacity,
    String reason,
    String nonce) {

  public SlotGrant(
      String masterTarget, boolean granted, int disks, int used, int capacity, String reason) {
    this(masterTarget, granted, disks, used, capacity, reason, null);
  }
}
