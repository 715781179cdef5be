package dev.reprotect.capacity;

import java.util.List;
import java.util.Map;

/**
 * A master target's disk slots: its capacity, what is in use (reservations and disks already on
 * the site), and who waits, in order.
 */
public record SlotsView(
    String masterTarget,
    int capacity,
    int used,
    Map<String, Integer> reserved,
    Map<String, Integer> attachedOnSite,
    List<SlotRequest> waiting) {}
