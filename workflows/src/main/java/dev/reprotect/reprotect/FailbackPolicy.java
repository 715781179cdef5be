package dev.reprotect.reprotect;

/**
 * The failback replication policy. Fixed by Site Recovery and not editable (rule
 * FAILBACK_POLICY_FIXED): RPO threshold 15 min, recovery points kept 24 h, an app-consistent
 * snapshot every 60 min.
 */
public record FailbackPolicy(
    int rpoThresholdMinutes, int retentionHours, int appConsistentFrequencyMinutes) {

  public static final FailbackPolicy FIXED = new FailbackPolicy(15, 24, 60);
}
