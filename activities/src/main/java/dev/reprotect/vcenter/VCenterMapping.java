package dev.reprotect.vcenter;

import dev.reprotect.inventory.OsType;
import dev.reprotect.site.OnPremSite.AttachedDisk;
import dev.reprotect.site.OnPremSite.DatastoreType;
import dev.reprotect.site.OnPremSite.Licence;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.site.OnPremSite.PowerState;
import dev.reprotect.site.OnPremSite.Snapshot;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.site.OnPremSite.Volume;
import dev.reprotect.site.OnPremSite.VolumeUse;
import dev.reprotect.vcenter.Vim25Client.ObjectContent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * vCenter's objects read as the port's records: VMs, master targets (their own and attached disks,
 * volumes, whether they were Storage-vMotioned), disks, snapshots and a host's licence. See {@link
 * VCenterSite} for the tags a master target's {@code extraConfig} carries.
 */
final class VCenterMapping {

  private static final Logger LOG = LoggerFactory.getLogger(VCenterMapping.class);

  private final Vim25Client client;
  private final String vcenter;

  VCenterMapping(Vim25Client client, String vcenter) {
    this.client = client;
    this.vcenter = vcenter;
  }

  OnPremVm toVm(ObjectContent vm, Tables t) {
    Devices devices = new Devices(vm.prop("config.hardware.device"));
    List<VirtualDisk> disks = devices.disks().stream().map(d -> disk(d, t)).toList();
    return new OnPremVm(
        vm.text("name"),
        os(vm.text("config.guestId")),
        powerState(vm.text("runtime.powerState")),
        t.hostName(vm.text("runtime.host")),
        vcenter,
        snapshots(vm.prop("snapshot")),
        disks);
  }

  MasterTarget toMasterTarget(ObjectContent vm, Tables t) {
    Devices devices = new Devices(vm.prop("config.hardware.device"));
    Map<String, String> extra = extraConfig(vm.prop("config.extraConfig"));
    List<VirtualDisk> own = new ArrayList<>();
    List<AttachedDisk> attached = new ArrayList<>();
    for (Element d : devices.disks()) {
      VirtualDisk disk = disk(d, t);
      String item = extra.get(VCenterSite.TAG + tagKey(disk.uuid()));
      if (item == null || item.isEmpty()) {
        own.add(disk);
      } else {
        attached.add(new AttachedDisk(disk, item));
      }
    }
    String tools = vm.text("guest.toolsStatus");
    boolean hasTools =
        "toolsOk".equals(tools)
            || "toolsOld".equals(tools)
            || "guestToolsRunning".equals(vm.text("guest.toolsRunningStatus"));
    List<Volume> volumes = new ArrayList<>();
    for (Element g : Xml.children(vm.prop("guest.disk"))) {
      String path = Xml.text(g, "diskPath");
      if (path == null) {
        continue;
      }
      String normal =
          path.endsWith("\\") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
      boolean system =
          normal.equalsIgnoreCase("C:") || normal.equals("/") || normal.equals("/boot");
      volumes.add(
          new Volume(
              normal,
              Xml.text(g, "filesystemType"),
              parseLong(Xml.text(g, "capacity")),
              system ? VolumeUse.INSTALL : VolumeUse.NONE,
              false,
              null));
    }
    return new MasterTarget(
        vm.text("name"),
        os(vm.text("config.guestId")),
        t.hostName(vm.text("runtime.host")),
        vcenter,
        true,
        devices.scsiController(),
        hasTools,
        "true".equalsIgnoreCase(extra.get("disk.EnableUUID")),
        snapshots(vm.prop("snapshot")),
        own,
        attached,
        volumes,
        storageVMotioned(vm.obj(), extra, attached));
  }

  /** See the class comment: a relocation event that changed the datastore, or a moved disk file. */
  private boolean storageVMotioned(
      MoRef mt, Map<String, String> extra, List<AttachedDisk> attached) {
    for (AttachedDisk a : attached) {
      String path = extra.get(VCenterSite.ATTACHED_PATH + tagKey(a.disk().uuid()));
      if (path != null && !path.isEmpty() && !path.equals(a.disk().name())) {
        LOG.warn(
            "vCenter {}: disk {} attached to {} as {} is now {}: Storage-vMotioned",
            vcenter,
            a.disk().uuid(),
            mt,
            path,
            a.disk().name());
        return true;
      }
    }
    Optional<Instant> since =
        extra.entrySet().stream()
            .filter(e -> e.getKey().startsWith(VCenterSite.ATTACHED_AT) && !e.getValue().isEmpty())
            .map(e -> Instant.parse(e.getValue()))
            .min(Instant::compareTo);
    if (since.isEmpty()) {
      return false; // no disk attached by us (or attached before the time was recorded)
    }
    for (Element event : client.events(mt, since.get(), VCenterSite.RELOCATION_EVENTS)) {
      String from = Xml.text(event, "sourceDatastore.datastore");
      String to = Xml.text(event, "ds.datastore");
      if (from != null && to != null && !from.equals(to)) {
        LOG.warn(
            "vCenter {}: {} of {} at {} moved it from datastore {} to {}: Storage-vMotioned",
            vcenter,
            Xml.xsiType(event),
            mt,
            Xml.text(event, "createdTime"),
            Xml.text(event, "sourceDatastore.name"),
            Xml.text(event, "ds.name"));
        return true;
      }
    }
    return false;
  }

  static String extraConfigEntry(String key, String value) {
    return "<extraConfig>"
        + Xml.el("key", key)
        + "<value xsi:type=\"xsd:string\" xmlns:xsd=\"http://www.w3.org/2001/XMLSchema\">"
        + Xml.escape(value)
        + "</value></extraConfig>";
  }

  VirtualDisk disk(Element d, Tables t) {
    Element backing = Xml.child(d, "backing");
    String file = Xml.text(backing, "fileName");
    String dsRef = Xml.text(backing, "datastore");
    String ds =
        dsRef != null && t.datastores().containsKey(dsRef)
            ? t.datastores().get(dsRef).text("name")
            : datastoreOf(file);
    long bytes = parseLong(Xml.text(d, "capacityInBytes"));
    if (bytes == 0) {
      bytes = parseLong(Xml.text(d, "capacityInKB")) * 1024;
    }
    return new VirtualDisk(file, diskUuid(d), ds, bytes);
  }

  static String diskUuid(Element disk) {
    String uuid = Xml.text(disk, "backing.uuid");
    return uuid == null || uuid.isEmpty() ? Xml.text(disk, "backing.fileName") : uuid;
  }

  static String tagKey(String uuid) {
    return uuid.replaceAll("[^A-Za-z0-9]", "_");
  }

  static String datastoreOf(String fileName) {
    if (fileName != null && fileName.startsWith("[") && fileName.indexOf(']') > 0) {
      return fileName.substring(1, fileName.indexOf(']'));
    }
    return null;
  }

  /**
   * Extra config as a map; vcsim appends entries, so a later value of a key replaces an earlier
   * one.
   */
  static Map<String, String> extraConfig(Element array) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Element o : Xml.children(array)) {
      String key = Xml.text(o, "key");
      if (key != null) {
        String value = Xml.text(o, "value");
        out.put(key, value == null ? "" : value);
      }
    }
    return out;
  }

  static List<Snapshot> snapshots(Element info) {
    List<Snapshot> out = new ArrayList<>();
    for (Element root : Xml.children(info, "rootSnapshotList")) {
      walk(root, out);
    }
    return out;
  }

  private static void walk(Element tree, List<Snapshot> out) {
    out.add(new Snapshot(Xml.text(tree, "snapshot"), Xml.text(tree, "name")));
    for (Element child : Xml.children(tree, "childSnapshotList")) {
      walk(child, out);
    }
  }

  static OsType os(String guestId) {
    return guestId != null && guestId.toLowerCase(Locale.ROOT).startsWith("win")
        ? OsType.WINDOWS
        : OsType.LINUX;
  }

  static PowerState powerState(String s) {
    return "poweredOff".equals(s) ? PowerState.POWERED_OFF : PowerState.POWERED_ON;
  }

  static DatastoreType datastoreType(ObjectContent ds) {
    String type = ds.text("summary.type");
    if (type == null) {
      return null;
    }
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "VMFS" -> DatastoreType.VMFS;
      case "VSAN" -> DatastoreType.VSAN;
      case "NFS", "NFS41", "CIFS" -> DatastoreType.NFS;
      default -> null;
    };
  }

  Licence licence(MoRef host, Element product) {
    try {
      MoRef lm = client.serviceContent().licenseManager();
      MoRef lam =
          MoRef.of(
              client.properties(lm, "licenseAssignmentManager").prop("licenseAssignmentManager"));
      if (lam != null) {
        Element r =
            client.call(
                "QueryAssignedLicenses", Xml.ref("_this", lam) + Xml.el("entityId", host.value()));
        for (Element a : Xml.children(r, "returnval")) {
          String edition = Xml.text(a, "assignedLicense.editionKey");
          String name = Xml.text(a, "assignedLicense.name");
          if (edition == null) {
            continue;
          }
          if (edition.equals("eval")) {
            return Licence.EVALUATION;
          }
          String all = (edition + " " + name).toLowerCase(Locale.ROOT);
          return all.contains("esxbasic") || all.contains("free") || all.contains("hypervisor")
              ? Licence.FREE
              : Licence.PAID;
        }
      }
    } catch (VimFault f) {
      if (f instanceof VimFault.Disconnected || VCenterSite.PERMISSION.contains(f.type())) {
        throw f;
      }
      LOG.debug("licence of {} unread: {}", host, f.getMessage());
    }
    String lp = Xml.text(product, "licenseProductName");
    return lp != null && lp.toLowerCase(Locale.ROOT).contains("hypervisor")
        ? Licence.FREE
        : Licence.PAID;
  }

  static long parseLong(String s) {
    try {
      return s == null || s.isEmpty() ? 0 : Long.parseLong(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
