package dev.reprotect.capacity;

import java.util.List;
import java.util.Map;

/**
 * The truth a ledger reconciles against.
 *
 * @param attachedOnSite the disks attached to the master target now, by replicated item ("" for
 *     disks that serve none)
 * @param gone the asked requests whose run no longer runs (terminated, reset, ended): their
 *     reservation or place in line is void; what they attached is in {@code attachedOnSite}
 * @param leftBehind attached items whose latest reprotection neither runs nor ended protected: what
 *     is left and the fix, by item
 */
public record SiteSlots(
    Map<String, Integer> attachedOnSite, List<SlotRequest> gone, Map<String, String> leftBehind) {}
