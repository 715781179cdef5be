package dev.reprotect.capacity;

import java.util.List;
import java.util.Map;

/**
 * A master target's disk slots: its capacity, what is in use (reservations and disks already on the
 * site), who waits, in order, and the disks left attached by reprotections that no longer run (by
 * item: what is left and the fix). The figures the API shows are computed here, once.
 */
public record SlotsView(
    String masterTarget,
    int capacity,
    int used,
    Map<String, Integer> reserved,
    Map<String, Integer> attachedOnSite,
    List<SlotRequest> waiting,
    Map<String, String> leftBehind) {

  public SlotsView(
      String masterTarget,
      int capacity,
      int used,
      Map<String, Integer> reserved,
      Map<String, Integer> attachedOnSite,
      List<SlotRequest> waiting) {
    this(masterTarget, capacity, used, reserved, attachedOnSite, waiting, Map.of());
  }

  /**
   * A master target that has no ledger yet: what the site shows attached holds its slots (never
   * more than its capacity).
   */
  public static SlotsView ofSiteOnly(String masterTarget, int attachedDisks) {
    int capacity = SlotsLedger.MASTER_TARGET_DISK_LIMIT;
    return new SlotsView(
        masterTarget,
        capacity,
        Math.min(capacity, attachedDisks),
        Map.of(),
        attachedDisks > 0 ? Map.of("", attachedDisks) : Map.of(),
        List.of(),
        Map.of());
  }

  /**
   * Slots reserved by reprotections in flight: for each item holding a reservation, the larger of
   * what it reserved and what the site shows attached for it.
   */
  public int reservedSlots() {
    int sum = 0;
    if (reserved != null) {
      Map<String, Integer> onSite = attachedOnSite == null ? Map.of() : attachedOnSite;
      for (Map.Entry<String, Integer> held : reserved.entrySet()) {
        int disks = held.getValue() == null ? 0 : held.getValue();
        sum += Math.max(disks, onSite.getOrDefault(held.getKey(), 0));
      }
    }
    return sum;
  }

  /** Slots in use, reservations included. */
  public int usedSlots() {
    return Math.max(used, reservedSlots());
  }

  /** Slots taken by disks that stay attached (protected machines, disks found on the site). */
  public int heldSlots() {
    return usedSlots() - reservedSlots();
  }

  /** Slots neither held nor reserved. */
  public int freeSlots() {
    return Math.max(0, capacity - usedSlots());
  }
}
