package dev.reprotect.simulated;

import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.simulated.Inventory.ReplicaDef;
import dev.reprotect.simulated.SiteState.MasterTargetState;
import dev.reprotect.simulated.SiteState.ReplicaState;
import dev.reprotect.simulated.SiteState.VmState;
import dev.reprotect.site.AzureSide.Origin;
import dev.reprotect.site.AzureSide.ProtectedReplication;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.watch.ReplicationHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link SimulatedSite} answers from its state: copies of the mutable {@link SiteState}
 * entries as the ports' immutable records. Pure functions; the site holds its lock while calling
 * them.
 */
final class SiteViews {

  /**
   * A protected item's RPO while nothing is wrong: recovery points come every half minute or so.
   */
  static final long STEADY_RPO_SECONDS = 30;

  private SiteViews() {}

  /** The port's view of a VM, in the vCenter of its host. */
  static OnPremVm vm(VmState vm, String vcenter) {
    return new OnPremVm(
        vm.name,
        vm.os,
        vm.power,
        vm.host,
        vcenter,
        List.copyOf(vm.snapshots),
        List.copyOf(vm.disks));
  }

  /** The port's view of a master target, in the vCenter of its host. */
  static MasterTarget masterTarget(MasterTargetState mt, String vcenter) {
    return new MasterTarget(
        mt.name,
        mt.os,
        mt.host,
        vcenter,
        mt.discovered,
        mt.controller,
        mt.tools,
        mt.enableUuid,
        List.copyOf(mt.snapshots),
        List.copyOf(mt.disks),
        List.copyOf(mt.attached),
        List.copyOf(mt.volumes),
        mt.vmotioned);
  }

  /** The port's view of a replica, its protection state following the replication. */
  static Replica replica(ReplicaState r) {
    ReplicaDef d = r.def;
    String current =
        switch (r.replication) {
          case SYNCHRONIZING -> "REPROTECTING";
          case PROTECTED -> "PROTECTED";
          default -> d.protectionState() == null ? "FAILED_OVER" : d.protectionState();
        };
    return new Replica(
        d.name(),
        r.sourceVm,
        r.sourceVCenter,
        r.os,
        d.osVersion(),
        d.origin() == null ? Origin.FAILED_OVER : d.origin(),
        current,
        d.protectionEnabled() == null || d.protectionEnabled(),
        Boolean.TRUE.equals(d.migrated()),
        Boolean.TRUE.equals(d.movedResourceGroup()),
        Boolean.TRUE.equals(d.protectedAsPhysical()),
        d.replicationGroup(),
        d.recoveryPlan(),
        r.disks);
  }

  /**
   * Steady, or drifting as the inventory's {@code drift} says once its {@code after} has passed.
   */
  static ProtectedReplication protectedReplication(ReplicaState r, Instant now) {
    Instant protectedAt = r.replicationStartedAt.plus(r.syncDuration);
    Duration drifting =
        r.drift == null ? Duration.ZERO : Duration.between(protectedAt.plus(r.driftAfter), now);
    long rpo = STEADY_RPO_SECONDS + Math.max(0, drifting.toSeconds());
    ReplicationHealth health = ReplicationHealth.NORMAL;
    List<String> errors = new ArrayList<>();
    if (r.drift == Inventory.DriftKind.CRITICAL && !drifting.isNegative()) {
      health = ReplicationHealth.CRITICAL;
      errors.add(
          "Replication to master target for "
              + r.def.name()
              + " through process server "
              + r.processServer
              + " has stalled (simulated)");
    }
    if (rpo > FailbackPolicy.FIXED.rpoThresholdMinutes() * 60L) {
      health = health == ReplicationHealth.CRITICAL ? health : ReplicationHealth.WARNING;
      errors.add(
          "RPO of "
              + rpo
              + " s exceeds the failback policy's "
              + FailbackPolicy.FIXED.rpoThresholdMinutes()
              + "-minute threshold (simulated)");
    }
    return new ProtectedReplication(
        r.def.name(),
        r.def.recoveryPlan(),
        rpo,
        health,
        List.copyOf(errors),
        now.minusSeconds(rpo));
  }
}
