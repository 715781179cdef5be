package dev.reprotect.simulated;

import dev.reprotect.inventory.OsType;
import dev.reprotect.simulated.Inventory.ReplicaDef;
import dev.reprotect.site.AzureSide.Location;
import dev.reprotect.site.AzureSide.NetworkPaths;
import dev.reprotect.site.AzureSide.ReplicaDisk;
import dev.reprotect.site.AzureSide.ReplicationState;
import dev.reprotect.site.OnPremSite.AttachedDisk;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.PowerState;
import dev.reprotect.site.OnPremSite.ScsiController;
import dev.reprotect.site.OnPremSite.Snapshot;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.site.OnPremSite.Volume;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Everything about the simulated site that changes, and the wall-clock instant it started: what the
 * loader fills, the ports read and change, and a shared state file holds ({@link StateCodec}). Not
 * thread-safe by itself: {@link SimulatedSite} guards it with its own lock.
 */
final class SiteState {

  Instant wallStart;
  final Map<String, VCenterState> vcenters = new LinkedHashMap<>();
  final Map<String, Host> hosts = new LinkedHashMap<>();
  final Map<String, Datastore> datastores = new LinkedHashMap<>();
  final Map<String, VmState> vms = new LinkedHashMap<>();
  final Map<String, MasterTargetState> masterTargets = new LinkedHashMap<>();
  final Map<String, ProcessServerState> processServers = new LinkedHashMap<>();
  final Map<String, ReplicaState> replicas = new LinkedHashMap<>();

  /** Per VM, how many times each action was asked (indexes as {@link SideEffects}' fields). */
  final Map<String, int[]> sideEffects = new HashMap<>();

  boolean configServerReachable;
  NetworkPaths network;
  Set<Integer> closedPorts;

  /** A stable UUID for a disk the inventory names without one. */
  static String uuidOf(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  static final class VCenterState {
    String name;
    boolean connected;
    boolean discovered;
    boolean readOnly;

    private VCenterState() {}

    VCenterState(String name, boolean connected, boolean discovered, boolean readOnly) {
      this.name = name;
      this.connected = connected;
      this.discovered = discovered;
      this.readOnly = readOnly;
    }
  }

  static final class VmState {
    String name;
    OsType os;
    String host;
    PowerState power;
    List<Snapshot> snapshots;
    List<VirtualDisk> disks;
  }

  static final class MasterTargetState {
    String name;
    OsType os;
    String host;
    boolean discovered;
    ScsiController controller;
    boolean tools;
    boolean enableUuid;
    List<Snapshot> snapshots;
    List<VirtualDisk> disks;
    List<AttachedDisk> attached;
    List<Volume> volumes;
    boolean vmotioned;
  }

  static final class ProcessServerState {
    String name;
    Location location;
    boolean heartbeat;
  }

  static final class ReplicaState {
    ReplicaDef def;
    String sourceVm;
    String sourceVCenter;
    OsType os;
    List<ReplicaDisk> disks;
    Duration agentAfter;
    Duration syncDuration;
    long changedBytes;
    boolean inConfigServer;
    ReplicationState replication = ReplicationState.NOT_STARTED;
    String processServer;
    Instant replicationStartedAt;
    Inventory.DriftKind drift;
    Duration driftAfter;
  }
}
