package dev.reprotect.simulated;

import dev.reprotect.inventory.OsType;
import dev.reprotect.site.AzureSide.Location;
import dev.reprotect.site.AzureSide.Origin;
import dev.reprotect.site.OnPremSite.DatastoreType;
import dev.reprotect.site.OnPremSite.HostType;
import dev.reprotect.site.OnPremSite.Licence;
import dev.reprotect.site.OnPremSite.MountAccess;
import dev.reprotect.site.OnPremSite.PowerState;
import dev.reprotect.site.OnPremSite.ScsiController;
import dev.reprotect.site.OnPremSite.VolumeUse;
import java.util.List;

/**
 * The YAML inventory of the simulated site, as written (see {@code inventory/sample.yaml}). Every
 * key is listed here; any other key is a load error. Durations are document-real ("4m12s", "20m",
 * "30d") and scaled by the site's time scale; sizes are "80GiB", "4TiB" or bytes.
 */
record Inventory(
    Network network,
    ConfigServer configServer,
    List<VCenterDef> vcenters,
    List<HostDef> hosts,
    List<DatastoreDef> datastores,
    List<VmDef> vms,
    List<MasterTargetDef> masterTargets,
    List<ProcessServerDef> processServers,
    List<ReplicaDef> replicas) {

  record Network(
      Boolean siteToSiteVpn, Boolean expressRoutePrivatePeering, List<Integer> closedPorts) {}

  record ConfigServer(Boolean reachable) {}

  record VCenterDef(String name, Boolean connected, Boolean discovered, Boolean readOnlyAccount) {}

  record MountDef(String name, MountAccess access) {}

  record HostDef(
      String name,
      HostType type,
      String version,
      Licence licence,
      String vcenter,
      List<MountDef> datastores) {}

  record DatastoreDef(String name, DatastoreType type, String capacity) {}

  record DiskDef(String name, String uuid, String datastore, String size) {}

  record VmDef(
      String name,
      OsType os,
      String host,
      PowerState power,
      List<String> snapshots,
      List<DiskDef> disks) {}

  /** Disks already attached to a master target for another item: {@code count} of them. */
  record AttachedDef(String replicatedItem, Integer count) {}

  record VolumeDef(
      String path,
      String fileSystem,
      String capacity,
      VolumeUse use,
      Boolean locked,
      String addedAgo) {}

  record MasterTargetDef(
      String name,
      OsType os,
      String host,
      Boolean discovered,
      ScsiController scsiController,
      Boolean vmwareTools,
      Boolean diskEnableUuid,
      List<String> snapshots,
      List<DiskDef> disks,
      List<AttachedDef> attachedDisks,
      List<VolumeDef> volumes) {}

  record ProcessServerDef(String name, Location location, Boolean heartbeat) {}

  record ReplicaDef(
      String name,
      String sourceVm,
      String sourceVCenter,
      OsType os,
      String osVersion,
      Origin origin,
      String protectionState,
      Boolean protectionEnabled,
      Boolean migrated,
      Boolean movedResourceGroup,
      Boolean protectedAsPhysical,
      String replicationGroup,
      String recoveryPlan,
      Boolean inConfigServer,
      String agentRegistersAfter,
      String syncDuration,
      String changedBytes,
      List<DiskDef> disks,
      DriftDef drift) {}

  /**
   * Once protected, the item drifts {@code after} this long (site time): BEHIND, its recovery
   * points stop, so its RPO grows past the 15-minute threshold (health WARNING once past it);
   * CRITICAL, its replication stalls with a health error (and the RPO grows too).
   */
  record DriftDef(DriftKind kind, String after) {}

  enum DriftKind {
    BEHIND,
    CRITICAL
  }
}
