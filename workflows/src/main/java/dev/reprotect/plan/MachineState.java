package dev.reprotect.plan;

import dev.reprotect.reprotect.ReprotectState;

/**
 * Where one machine of a plan is: PENDING until its reprotection starts, then its reprotection's
 * state (the same names, so the plan status's JSON reads as before).
 */
public enum MachineState {
  PENDING,
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

  public static MachineState of(ReprotectState state) {
    return valueOf(state.name());
  }

  /** Its reprotection ended: nothing left for the plan to do with it. */
  public boolean terminal() {
    return this == PROTECTED || this == FAILED || this == CANCELLED;
  }

  /** Started and not ended. */
  public boolean running() {
    return this != PENDING && !terminal();
  }
}
