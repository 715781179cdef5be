package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * A replicated item as GET /api/v1/replicated-items lists it, with the protection watch's last
 * reading.
 */
@Serdeable
public record ReplicatedItem(
    String name,
    @Nullable String protectionState,
    @Nullable String recoveryPlan,
    @Nullable Long rpoSeconds,
    @Nullable String replicationHealth,
    @Nullable List<String> healthErrors,
    @Nullable String lastCheckedAt) {

  /** The list's body. */
  @Serdeable
  public record Page(@Nullable List<ReplicatedItem> items) {}

  public boolean watched() {
    return rpoSeconds != null && replicationHealth != null;
  }
}
