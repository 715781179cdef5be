package dev.reprotect.capacity;

import java.util.List;
import java.util.Map;

/**
 * A master target's disk slots: its capacity, what is in use (reservations and disks already on
 * the site), who waits, in order, and the disks left attached by reprotections that no longer run
 * (by item: what is left and the fix).
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
      String masterTarget, int capacity, int used, Map<String, Integer> reserved,
      Map<String, Integer> attachedOnSite, List<SlotRequest> waiting) {
    this(masterTarget, capacity, used, reserved, attachedOnSite, waiting, Map.of());
  }
}
