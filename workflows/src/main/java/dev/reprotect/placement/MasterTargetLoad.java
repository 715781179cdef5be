package dev.reprotect.placement;

import dev.reprotect.inventory.OsType;

/**
 * One master target's disk slots as placement counted them.
 *
 * @param disksHeld slots already taken by machines outside the plan: disks the site shows attached
 *     and slots that running reprotections reserved
 * @param disksAssigned the plan's disks placement put on it
 * @param capacity its limit (60)
 */
public record MasterTargetLoad(
    String name, OsType osType, int disksHeld, int disksAssigned, int capacity) {}
