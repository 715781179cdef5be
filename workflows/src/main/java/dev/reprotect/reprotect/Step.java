package dev.reprotect.reprotect;

/**
 * The steps of reprotect, in runbook order, with the state a reprotection is in while the step runs
 * and the share of the overall progress the step stands for (synchronization dominates).
 */
public enum Step {
  VALIDATE(ReprotectState.VALIDATING, 5),
  WAIT_FOR_AGENT(ReprotectState.WAITING_FOR_AGENT, 10),
  MERGE_SNAPSHOTS(ReprotectState.MERGING_SNAPSHOTS, 5),
  POWER_OFF(ReprotectState.POWERING_OFF, 5),
  ATTACH_DISKS(ReprotectState.ATTACHING_DISKS, 10),
  START_REPLICATION(ReprotectState.STARTING_REPLICATION, 5),
  SYNCHRONIZE(ReprotectState.SYNCHRONIZING, 60);

  private final ReprotectState state;
  private final int weight;

  Step(ReprotectState state, int weight) {
    this.state = state;
    this.weight = weight;
  }

  public ReprotectState state() {
    return state;
  }

  /** Percent of the whole reprotection this step stands for; the weights add up to 100. */
  public int weight() {
    return weight;
  }
}
