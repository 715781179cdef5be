package dev.reprotect.inventory;

/**
 * A master target as the on-premises site shows it.
 *
 * @param attachedDisks disks attached to it now for replicated items (each takes one of its 60
 *     slots)
 */
public record MasterTargetInfo(String name, OsType osType, int attachedDisks) {}
