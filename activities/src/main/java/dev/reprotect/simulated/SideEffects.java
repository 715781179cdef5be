package dev.reprotect.simulated;

/**
 * How many times each action was asked of the simulated site for one VM (the on-premises VM for
 * power-offs and merges, the replicated item for the others). Every call counts, needed or not, so
 * a test sees when an activity acts twice.
 */
public record SideEffects(
    int powerOffs,
    int snapshotMerges,
    int diskAttaches,
    int vmCreations,
    int replicationStarts,
    int diskDetaches,
    int replicationStops) {

  public static final SideEffects NONE = new SideEffects(0, 0, 0, 0, 0, 0, 0);
}
