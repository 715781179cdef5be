package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The placement endpoint's proposal: every machine's values ({@code given} names those the request
 * fixed) and how loaded each master target would be.
 */
@Serdeable
public record Placement(
    @Nullable String plan,
    @Nullable List<PlacedMachine> machines,
    @Nullable List<MasterTargetLoad> masterTargets) {

  /** One machine's proposed values. */
  @Serdeable
  public record PlacedMachine(
      String replicatedItem,
      @Nullable String masterTarget,
      @Nullable String processServer,
      @Nullable String datastore,
      @Nullable String retentionDrive,
      @Nullable String recoveryLocation,
      @Nullable List<String> given) {}

  /** A master target's disks: held already, assigned by this proposal, and its capacity. */
  @Serdeable
  public record MasterTargetLoad(
      String name,
      @Nullable String osType,
      @Nullable Integer disksHeld,
      @Nullable Integer disksAssigned,
      @Nullable Integer capacity) {}
}
