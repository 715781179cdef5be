package dev.reprotect.capacity;

import java.util.List;
import java.util.Map;

/**
 * The durable state of one master target's slots, carried over continue-as-new.
 *
 * @param maxConcurrent how many reprotections may hold an in-flight reservation at once (0 = no
 *     limit beyond the slots)
 * @param holders the request behind each reservation (its requester and nonce), for reconciling
 * @param waitingSince when each waiting request joined the queue (epoch milliseconds)
 * @param leftBehind disks attached for items whose reprotection is neither running nor protected
 *     (terminated, or an undo that could not detach), by item: what is left and the fix
 */
public record SlotsLedger(
    String masterTarget,
    int capacity,
    int maxConcurrent,
    Map<String, Integer> reserved,
    Map<String, Integer> attachedOnSite,
    List<SlotRequest> waiting,
    Map<String, SlotRequest> holders,
    Map<String, Long> waitingSince,
    Map<String, String> leftBehind) {

  /** Site Recovery's limit: a master target holds at most 60 disks at once. */
  public static final int MASTER_TARGET_DISK_LIMIT = 60;

  public SlotsLedger(
      String masterTarget,
      int capacity,
      int maxConcurrent,
      Map<String, Integer> reserved,
      Map<String, Integer> attachedOnSite,
      List<SlotRequest> waiting) {
    this(
        masterTarget, capacity, maxConcurrent, reserved, attachedOnSite, waiting, null, null, null);
  }
}
