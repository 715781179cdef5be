package dev.reprotect.reprotect;

/** Where a reprotection is: one state per running step, then a terminal state. */
public enum ReprotectState {
  VALIDATING,
  WAITING_FOR_AGENT,
  MERGING_SNAPSHOTS,
  POWERING_OFF,
  ATTACHING_DISKS,
  STARTING_REPLICATION,
  SYNCHRONIZING,
  PROTECTED,
  FAILED,
  CANCELLED;

  public boolean terminal() {
    return this == PROTECTED || this == FAILED || this == CANCELLED;
  }
}
