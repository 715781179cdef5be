package dev.reprotect.watch;

import dev.reprotect.reprotect.FailbackPolicy;
import java.time.Instant;
import java.util.List;

/**
 * One protected item's replication back on-premises, as one check read it.
 *
 * @param recoveryPlan the plan it belongs to, or null
 * @param rpoSeconds how old its latest recovery point was when the Azure side last computed it
 * @param healthErrors what the Azure side says is wrong (empty when healthy)
 * @param lastRecoveryPoint the time of its latest recovery point, or null when not known
 * @param checkedAt when the check read it
 */
public record ProtectionReading(
    String replicatedItem,
    String recoveryPlan,
    long rpoSeconds,
    ReplicationHealth replicationHealth,
    List<String> healthErrors,
    Instant lastRecoveryPoint,
    Instant checkedAt) {

  /** The failback policy's RPO threshold (15 minutes): fixed, so one constant. */
  public static final long RPO_THRESHOLD_SECONDS = FailbackPolicy.FIXED.rpoThresholdMinutes() * 60L;

  /** Out of the failback policy: RPO past the 15-minute threshold, or replication critical. */
  public boolean outOfPolicy() {
    return rpoSeconds > RPO_THRESHOLD_SECONDS || replicationHealth == ReplicationHealth.CRITICAL;
  }
}
