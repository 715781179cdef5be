package dev.reprotect.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.inventory.OsType;
import dev.reprotect.inventory.ReplicatedItem;
import dev.reprotect.watch.ProtectionReading;
import dev.reprotect.watch.ReplicationHealth;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * A replicated item as the Reprotect dialog lists it, with the id of its reprotection ({@code
 * reprotect-{name}}) when one exists, else null; once protected back on-premises, what the
 * protection watch last saw of its replication (all null before its first check).
 *
 * @param rpoSeconds the age of its latest recovery point; past 900 s it is out of the failback
 *     policy
 * @param healthErrors the Azure side's health errors, one line each
 * @param lastRecoveryPoint the time of its latest recovery point, when the Azure side says
 * @param lastCheckedAt when the watch last read it
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReplicatedItemView(
    String name,
    OsType osType,
    String protectionState,
    @Nullable String replicationGroup,
    @Nullable String recoveryPlan,
    @Nullable String reprotection,
    @Nullable Long rpoSeconds,
    @Nullable ReplicationHealth replicationHealth,
    @Nullable List<String> healthErrors,
    @Nullable Instant lastRecoveryPoint,
    @Nullable Instant lastCheckedAt) {

  static ReplicatedItemView of(
      ReplicatedItem item, String reprotection, ProtectionReading watched) {
    return new ReplicatedItemView(
        item.name(),
        item.osType(),
        item.protectionState(),
        item.replicationGroup(),
        item.recoveryPlan(),
        reprotection,
        watched == null ? null : watched.rpoSeconds(),
        watched == null ? null : watched.replicationHealth(),
        watched == null ? null : watched.healthErrors(),
        watched == null ? null : watched.lastRecoveryPoint(),
        watched == null ? null : watched.checkedAt());
  }
}
