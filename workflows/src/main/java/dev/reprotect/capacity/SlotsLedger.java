package dev.reprotect.capacity;

import java.util.List;
import java.util.Map;

/**
 * The durable state of one master target's slots, carried over continue-as-new.
 *
 * @param maxConcurrent how many reprotections may hold an in-flight reservation at once (0 = no
 *     limit beyond the slots)
 */
public record SlotsLedger(
    String masterTarget,
    int capacity,
    int maxConcurrent,
    Map<String, Integer> reserved,
    Map<String, Integer> attachedOnSite,
    List<SlotRequest> waiting) {

  /** Site Recovery's limit: a master target holds at most 60 disks at once. */
  public static final int MASTER_TARGET_DISK_LIMIT = 60;
}
