package dev.reprotect.preflight;

import static dev.reprotect.capacity.SlotsLedger.MASTER_TARGET_DISK_LIMIT;

import dev.reprotect.inventory.OsType;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.DatastoreMount;
import dev.reprotect.site.OnPremSite.DatastoreType;
import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.MountAccess;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.site.OnPremSite.ScsiController;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.site.OnPremSite.Volume;
import dev.reprotect.site.OnPremSite.VolumeUse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The preflight rules about the on-premises side a VM fails back to: the master target, the
 * datastore its disks go to and the retention drive. Apart from {@link PreflightRules}, which stays
 * the entry point callers use and delegates here, so each theme of the catalogue has its own file.
 */
final class MasterTargetRules {

  private MasterTargetRules() {}

  /**
   * The master target's own rules (snapshots, OS, controller, tools, EnableUUID, VMFS datastore)
   * and those it has with this VM (disk limit, disk UUIDs).
   *
   * @param vmOs null when unknown (then not compared)
   */
  static List<Violation> masterTargetViolations(
      String item,
      OsType vmOs,
      List<VirtualDisk> vmDisks,
      MasterTarget mt,
      Host mtHost,
      Map<String, Datastore> datastores) {
    List<Violation> found = new ArrayList<>();
    String name = "master target " + mt.name();
    if (!mt.snapshots().isEmpty()) {
      found.add(
          Violation.of(
              Rule.MT_HAS_SNAPSHOTS,
              item,
              name
                  + " has "
                  + mt.snapshots().size()
                  + " snapshot(s): "
                  + mt.snapshots().stream().map(s -> s.name()).toList()));
    }
    if (vmOs != null && mt.os() != vmOs) {
      found.add(
          Violation.of(
              Rule.MT_OS_MISMATCH,
              item,
              name + " runs " + mt.os() + " but " + item + " is " + vmOs));
    }
    if (mt.scsiController() == ScsiController.PARAVIRTUAL) {
      found.add(
          Violation.of(
              Rule.MT_PARAVIRTUAL_SCSI, item, name + " has a Paravirtual SCSI controller"));
    }
    if (!mt.vmwareTools()) {
      found.add(
          Violation.of(Rule.MT_NO_VMWARE_TOOLS, item, name + " has no VMware tools installed"));
    }
    if (!mt.diskEnableUuid()) {
      found.add(Violation.of(Rule.MT_DISK_ENABLEUUID, item, name + " lacks disk.EnableUUID=true"));
    }
    if (mtHost != null && datastores != null) {
      boolean vmfs =
          mtHost.mounts().stream()
              .map(m -> datastores.get(m.datastore()))
              .anyMatch(d -> d != null && d.type() == DatastoreType.VMFS);
      if (!vmfs) {
        found.add(
            Violation.of(
                Rule.MT_NO_VMFS_DATASTORE,
                item,
                name + "'s host " + mtHost.name() + " has no VMFS datastore attached"));
      }
    }
    long alreadyAttached =
        mt.attachedDisks().stream().filter(d -> !item.equals(d.replicatedItem())).count();
    if (vmDisks.size() + alreadyAttached > MASTER_TARGET_DISK_LIMIT) {
      found.add(
          Violation.of(
              Rule.MT_DISK_LIMIT,
              item,
              name
                  + " already holds "
                  + alreadyAttached
                  + " disks; "
                  + item
                  + "'s "
                  + vmDisks.size()
                  + " would make "
                  + (vmDisks.size() + alreadyAttached)
                  + ", more than "
                  + MASTER_TARGET_DISK_LIMIT));
    }
    for (VirtualDisk disk : vmDisks) {
      for (VirtualDisk own : mt.disks()) {
        if (disk.uuid() != null && disk.uuid().equalsIgnoreCase(own.uuid())) {
          found.add(
              Violation.of(
                  Rule.DISK_UUID_CLASH,
                  item,
                  item
                      + "'s disk "
                      + disk.name()
                      + " has UUID "
                      + disk.uuid()
                      + ", the same as "
                      + name
                      + "'s disk "
                      + own.name()));
        }
      }
    }
    return found;
  }

  /** The chosen datastore: known, not NFS, mounted on the master target's host. */
  static List<Violation> datastoreViolations(
      String item, String name, Datastore datastore, MasterTarget mt, Host mtHost) {
    List<Violation> found = new ArrayList<>();
    if (datastore == null) {
      found.add(
          Violation.of(
              Rule.DATASTORE_NOT_ACCESSIBLE,
              item,
              "datastore " + name + " is not known to vCenter"));
      return found;
    }
    if (datastore.type() == DatastoreType.NFS) {
      found.add(
          Violation.of(Rule.DATASTORE_NFS_UNSUPPORTED, item, "datastore " + name + " is NFS"));
    }
    if (mtHost != null && mtHost.mount(name).isEmpty()) {
      found.add(
          Violation.of(
              Rule.DATASTORE_NOT_ACCESSIBLE,
              item,
              "datastore "
                  + name
                  + " is not mounted on master target "
                  + mt.name()
                  + "'s host "
                  + mtHost.name()));
    }
    return found;
  }

  /**
   * For original-location recovery: the VM's own datastores mounted read/write on the master
   * target's host.
   */
  static List<Violation> originalDatastoreViolations(
      String item, OnPremVm vm, MasterTarget mt, Host mtHost) {
    List<Violation> found = new ArrayList<>();
    if (mtHost == null) {
      return found;
    }
    Set<String> own = new LinkedHashSet<>();
    vm.disks().forEach(d -> own.add(d.datastore()));
    for (String ds : own) {
      var mount = mtHost.mount(ds);
      if (mount.isEmpty()) {
        found.add(
            Violation.of(
                Rule.DATASTORE_NOT_ACCESSIBLE,
                item,
                vm.name()
                    + "'s datastore "
                    + ds
                    + " is not mounted on master target "
                    + mt.name()
                    + "'s host "
                    + mtHost.name()));
      } else if (mount.get().access() != MountAccess.READ_WRITE) {
        found.add(
            Violation.of(
                Rule.DATASTORE_NOT_ACCESSIBLE,
                item,
                vm.name()
                    + "'s datastore "
                    + ds
                    + " is mounted "
                    + mount.get().access()
                    + " on "
                    + mtHost.name()
                    + ", not READ_WRITE"));
      }
    }
    return found;
  }

  /** The retention drive: a suitable volume of that master target, listed already. */
  static List<Violation> retentionDriveViolations(
      String item, String drive, MasterTarget mt, Instant now) {
    List<Violation> found = new ArrayList<>();
    String where = "retention drive " + drive + " of master target " + mt.name();
    Volume volume =
        mt.volumes().stream().filter(v -> v.path().equals(drive)).findFirst().orElse(null);
    if (volume == null) {
      found.add(
          Violation.of(
              Rule.RETENTION_DRIVE_INVALID,
              item,
              drive
                  + " is not a volume of master target "
                  + mt.name()
                  + " (it has "
                  + mt.volumes().stream().map(Volume::path).toList()
                  + ")"));
      return found;
    }
    List<String> why = new ArrayList<>();
    if (volume.use() != VolumeUse.NONE) {
      why.add("is already used as " + volume.use());
    }
    if (volume.locked()) {
      why.add("is locked");
    }
    String fs = volume.fileSystem() == null ? "" : volume.fileSystem().toUpperCase(Locale.ROOT);
    if (fs.equals("FAT") || fs.equals("FAT32")) {
      why.add("is formatted " + volume.fileSystem());
    }
    if (volume.capacityBytes() <= 0) {
      why.add("has zero capacity");
    }
    if (!why.isEmpty()) {
      found.add(
          Violation.of(Rule.RETENTION_DRIVE_INVALID, item, where + " " + String.join(", ", why)));
    }
    if (volume.addedAt() != null && now != null) {
      Duration age = Duration.between(volume.addedAt(), now);
      if (age.compareTo(PreflightRules.RETENTION_DRIVE_LISTING) < 0) {
        found.add(
            Violation.of(
                Rule.RETENTION_DRIVE_NOT_VISIBLE,
                item,
                where
                    + " was added "
                    + Durations.format(age)
                    + " ago and is not listed yet (up to "
                    + Durations.format(PreflightRules.RETENTION_DRIVE_LISTING)
                    + ")"));
      }
    }
    return found;
  }

  /** Whether a master target mounts a datastore (any access). */
  static boolean mounted(Host host, String datastore) {
    return host != null
        && host.mounts().stream().map(DatastoreMount::datastore).anyMatch(datastore::equals);
  }
}
