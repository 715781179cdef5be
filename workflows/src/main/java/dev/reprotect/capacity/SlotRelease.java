package dev.reprotect.capacity;

/**
 * A reprotection is done with its reservation: {@code released} when its disks were detached
 * (failure, cancel), or committed when they stay attached (protected: the disks now hold the slots).
 */
public record SlotRelease(String replicatedItem, boolean released) {}
