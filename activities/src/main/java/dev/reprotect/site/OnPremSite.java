package dev.reprotect.site;

import dev.reprotect.inventory.OsType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The on-premises side, as vCenter shows it: VMs, master targets, ESXi hosts, datastores and the
 * vCenters themselves, and the few actions reprotect takes there. Reads of objects behind a
 * disconnected vCenter, and every action, may throw a {@link SiteException} (VCENTER_DISCONNECTED).
 * Records are snapshots: reading again gives the current state.
 */
public interface OnPremSite {

  /** The site's current time (for "added 5 minutes ago" facts). */
  Instant now();

  /** A VM by name; empty when no VM of that name exists (e.g. deleted after failover). */
  Optional<OnPremVm> vm(String name);

  Optional<MasterTarget> masterTarget(String name);

  List<MasterTarget> masterTargets();

  Optional<Host> host(String name);

  Optional<Datastore> datastore(String name);

  List<Datastore> datastores();

  Optional<VCenter> vcenter(String name);

  // ---- Actions. Each does exactly what it is asked; callers check first (idempotency). ----

  /** Consolidates and removes these snapshots of the VM. */
  void removeSnapshots(String vm, List<String> snapshotIds);

  void powerOff(String vm);

  /** Attaches existing disks to the master target, tagged with the replicated item they serve. */
  void attachDisks(String masterTarget, String replicatedItem, List<VirtualDisk> disks);

  /** Creates a powered-off VM with new disks on one datastore of one host; returns it. */
  OnPremVm createVm(NewVm vm);

  /** Detaches these disks (by UUID) from the master target; the VMDK files are kept. */
  void detachDisks(String masterTarget, List<String> diskUuids);

  // ---- Records. ----

  enum PowerState {
    POWERED_ON,
    POWERED_OFF
  }

  enum HostType {
    ESXI,
    HYPERV,
    PHYSICAL,
    WORKSTATION
  }

  enum Licence {
    FREE,
    EVALUATION,
    PAID
  }

  enum DatastoreType {
    VMFS,
    VSAN,
    NFS
  }

  enum MountAccess {
    READ_WRITE,
    READ_ONLY
  }

  enum ScsiController {
    LSI_LOGIC,
    LSI_LOGIC_SAS,
    PARAVIRTUAL
  }

  /** What a master target's volume is already used for; NONE makes it a retention candidate. */
  enum VolumeUse {
    NONE,
    REPLICATION_TARGET,
    CACHE,
    INSTALL
  }

  record Snapshot(String id, String name) {}

  /** A VMDK: its name, UUID (disk.EnableUUID), the datastore it lives on and its size. */
  record VirtualDisk(String name, String uuid, String datastore, long sizeBytes) {}

  /** A disk attached to a master target on behalf of a replicated item (null: not ours). */
  record AttachedDisk(VirtualDisk disk, String replicatedItem) {}

  record OnPremVm(
      String name,
      OsType os,
      PowerState powerState,
      String host,
      String vcenter,
      List<Snapshot> snapshots,
      List<VirtualDisk> disks) {}

  /**
   * A volume of a master target.
   *
   * @param path {@code R:} or {@code /mnt/retention}
   * @param fileSystem NTFS, ReFS, ext4, xfs, FAT32...
   * @param addedAt when the disk behind it was added, in site time
   */
  record Volume(
      String path,
      String fileSystem,
      long capacityBytes,
      VolumeUse use,
      boolean locked,
      Instant addedAt) {}

  /**
   * A master target server VM.
   *
   * @param discovered whether the configuration server discovered it
   * @param disks its own disks (UUIDs compared with the VM's)
   * @param attachedDisks disks attached to it for replication
   * @param storageVMotioned whether it was Storage-vMotioned since disks were attached to it
   */
  record MasterTarget(
      String name,
      OsType os,
      String host,
      String vcenter,
      boolean discovered,
      ScsiController scsiController,
      boolean vmwareTools,
      boolean diskEnableUuid,
      List<Snapshot> snapshots,
      List<VirtualDisk> disks,
      List<AttachedDisk> attachedDisks,
      List<Volume> volumes,
      boolean storageVMotioned) {

    public List<AttachedDisk> attachedFor(String replicatedItem) {
      return attachedDisks.stream().filter(d -> replicatedItem.equals(d.replicatedItem())).toList();
    }
  }

  record DatastoreMount(String datastore, MountAccess access) {}

  /** A hypervisor host (only ESXI takes failback), with the datastores it mounts. */
  record Host(
      String name,
      HostType type,
      String version,
      Licence licence,
      String vcenter,
      List<DatastoreMount> mounts) {

    public Optional<DatastoreMount> mount(String datastore) {
      return mounts.stream().filter(m -> m.datastore().equals(datastore)).findFirst();
    }
  }

  record Datastore(String name, DatastoreType type, long capacityBytes) {}

  /**
   * @param discovered whether the configuration server discovered this vCenter
   * @param readOnlyAccount whether discovery runs with a read-only account
   */
  record VCenter(String name, boolean connected, boolean discovered, boolean readOnlyAccount) {}

  record NewDisk(String name, long sizeBytes) {}

  /** A VM to create for alternate-location recovery. */
  record NewVm(String name, OsType os, String host, String datastore, List<NewDisk> disks) {}
}
