package dev.reprotect.simulated;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.reprotect.preflight.Durations;
import dev.reprotect.simulated.Inventory.AttachedDef;
import dev.reprotect.simulated.Inventory.DiskDef;
import dev.reprotect.simulated.Inventory.HostDef;
import dev.reprotect.simulated.Inventory.MasterTargetDef;
import dev.reprotect.simulated.Inventory.ReplicaDef;
import dev.reprotect.simulated.Inventory.VmDef;
import dev.reprotect.simulated.Inventory.VolumeDef;
import dev.reprotect.simulated.SiteState.MasterTargetState;
import dev.reprotect.simulated.SiteState.ProcessServerState;
import dev.reprotect.simulated.SiteState.ReplicaState;
import dev.reprotect.simulated.SiteState.VCenterState;
import dev.reprotect.simulated.SiteState.VmState;
import dev.reprotect.site.AzureSide.NetworkPaths;
import dev.reprotect.site.AzureSide.ReplicaDisk;
import dev.reprotect.site.OnPremSite.AttachedDisk;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.DatastoreMount;
import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.HostType;
import dev.reprotect.site.OnPremSite.Licence;
import dev.reprotect.site.OnPremSite.MountAccess;
import dev.reprotect.site.OnPremSite.PowerState;
import dev.reprotect.site.OnPremSite.ScsiController;
import dev.reprotect.site.OnPremSite.Snapshot;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.site.OnPremSite.Volume;
import dev.reprotect.site.OnPremSite.VolumeUse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a YAML inventory and turns it into the simulated site's state, one method per section,
 * checking every reference. Errors name the source, the key and the line.
 */
final class InventoryLoader {

  private static final ObjectMapper YAML =
      JsonMapper.builder(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
          .build();

  private final String source;
  private final Instant start;
  private final SiteState site = new SiteState();

  private InventoryLoader(String source, Instant start) {
    this.source = source;
    this.start = start;
  }

  /**
   * Loads an inventory; {@code source} names it in error messages, and {@code start} is the site
   * time that ages in the inventory ({@code addedAgo}) count back from.
   */
  static SiteState load(InputStream in, String source, Instant start) {
    Inventory inventory = parse(in, source);
    InventoryLoader loader = new InventoryLoader(source, start);
    loader.site.wallStart = start;
    loader.network(inventory);
    loader.vcenters(inventory);
    loader.datastores(inventory);
    loader.hosts(inventory);
    loader.vms(inventory);
    loader.masterTargets(inventory);
    loader.processServers(inventory);
    loader.replicas(inventory);
    return loader.site;
  }

  private static Inventory parse(InputStream in, String source) {
    Inventory inventory;
    try {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      inventory = YAML.readValue(text, Inventory.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InventoryException(
          String.format(
              "inventory %s: unknown key '%s' at %s (line %d); known keys there: %s",
              source, e.getPropertyName(), where(e), line(e), new TreeSet<>(known(e))),
          e);
    } catch (InvalidFormatException e) {
      throw new InventoryException(
          String.format(
              "inventory %s: bad value '%s' at %s (line %d): %s",
              source, e.getValue(), where(e), line(e), e.getOriginalMessage()),
          e);
    } catch (JsonMappingException e) {
      throw new InventoryException(
          String.format(
              "inventory %s: %s at %s (line %d)",
              source, e.getOriginalMessage(), where(e), line(e)),
          e);
    } catch (IOException e) {
      throw new InventoryException("inventory " + source + ": " + e.getMessage(), e);
    }
    if (inventory == null) {
      throw new InventoryException("inventory " + source + " is empty");
    }
    return inventory;
  }

  private static List<String> known(UnrecognizedPropertyException e) {
    List<String> names = new ArrayList<>();
    if (e.getKnownPropertyIds() != null) {
      e.getKnownPropertyIds().forEach(o -> names.add(String.valueOf(o)));
    }
    return names;
  }

  private static String where(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.length() == 0 ? "the top level" : path.toString();
  }

  private static int line(JsonMappingException e) {
    return e.getLocation() == null ? -1 : e.getLocation().getLineNr();
  }

  // ---- Sections. ----

  private void network(Inventory inv) {
    var net = inv.network();
    site.network =
        net == null
            ? new NetworkPaths(false, false)
            : new NetworkPaths(
                or(net.siteToSiteVpn(), false), or(net.expressRoutePrivatePeering(), false));
    site.closedPorts = net == null ? Set.of() : Set.copyOf(list(net.closedPorts()));
    site.configServerReachable =
        inv.configServer() == null || or(inv.configServer().reachable(), true);
  }

  private void vcenters(Inventory inv) {
    for (var vc : list(inv.vcenters())) {
      String name = required(vc.name(), "vcenters[].name");
      unique(site.vcenters, name, "vCenter");
      site.vcenters.put(
          name,
          new VCenterState(
              name,
              or(vc.connected(), true),
              or(vc.discovered(), true),
              or(vc.readOnlyAccount(), false)));
    }
  }

  private void datastores(Inventory inv) {
    for (var ds : list(inv.datastores())) {
      String name = required(ds.name(), "datastores[].name");
      unique(site.datastores, name, "datastore");
      long capacity =
          ds.capacity() == null ? 0 : size(ds.capacity(), "capacity of datastore " + name);
      site.datastores.put(
          name, new Datastore(name, required(ds.type(), "type of datastore " + name), capacity));
    }
  }

  private void hosts(Inventory inv) {
    for (HostDef h : list(inv.hosts())) {
      String name = required(h.name(), "hosts[].name");
      unique(site.hosts, name, "host");
      String vc = required(h.vcenter(), "vcenter of host " + name);
      ref(site.vcenters, vc, "host " + name, "vCenter");
      List<DatastoreMount> mounts = new ArrayList<>();
      for (var m : list(h.datastores())) {
        String ds = required(m.name(), "datastore name of a mount of host " + name);
        ref(site.datastores, ds, "host " + name, "datastore");
        mounts.add(
            new DatastoreMount(ds, m.access() == null ? MountAccess.READ_WRITE : m.access()));
      }
      site.hosts.put(
          name,
          new Host(
              name,
              h.type() == null ? HostType.ESXI : h.type(),
              h.version() == null ? "7.0.3" : h.version(),
              h.licence() == null ? Licence.PAID : h.licence(),
              vc,
              List.copyOf(mounts)));
    }
  }

  private void vms(Inventory inv) {
    for (VmDef v : list(inv.vms())) {
      String name = newName(v.name(), "vms[].name", site.vms, "VM");
      String host = hostOf(v.host(), "VM " + name);
      VmState vm = new VmState();
      vm.name = name;
      vm.os = required(v.os(), "os of VM " + name);
      vm.host = host;
      vm.power = v.power() == null ? PowerState.POWERED_ON : v.power();
      vm.snapshots = snapshots(list(v.snapshots()), name);
      vm.disks = disks(list(v.disks()), "VM " + name);
      site.vms.put(name, vm);
    }
  }

  private void masterTargets(Inventory inv) {
    for (MasterTargetDef m : list(inv.masterTargets())) {
      String name = newName(m.name(), "masterTargets[].name", site.masterTargets, "master target");
      String host = hostOf(m.host(), "master target " + name);
      MasterTargetState mt = new MasterTargetState();
      mt.name = name;
      mt.os = required(m.os(), "os of master target " + name);
      mt.host = host;
      mt.discovered = or(m.discovered(), true);
      mt.controller = m.scsiController() == null ? ScsiController.LSI_LOGIC : m.scsiController();
      mt.tools = or(m.vmwareTools(), true);
      mt.enableUuid = or(m.diskEnableUuid(), true);
      mt.snapshots = snapshots(list(m.snapshots()), name);
      mt.disks = disks(list(m.disks()), "master target " + name);
      mt.attached = attached(list(m.attachedDisks()), name);
      mt.volumes = volumes(list(m.volumes()), name);
      site.masterTargets.put(name, mt);
    }
  }

  private List<AttachedDisk> attached(List<AttachedDef> defs, String masterTarget) {
    List<AttachedDisk> out = new ArrayList<>();
    for (AttachedDef a : defs) {
      String owner =
          required(
              a.replicatedItem(),
              "replicatedItem of attachedDisks of master target " + masterTarget);
      int count = a.count() == null ? 1 : a.count();
      for (int i = 0; i < count; i++) {
        String disk = owner + "_disk" + i;
        String uuid = SiteState.uuidOf(masterTarget + "/" + disk);
        out.add(new AttachedDisk(new VirtualDisk(disk, uuid, null, 0), owner));
      }
    }
    return out;
  }

  private List<Volume> volumes(List<VolumeDef> defs, String masterTarget) {
    List<Volume> out = new ArrayList<>();
    for (VolumeDef vol : defs) {
      String path = required(vol.path(), "path of a volume of master target " + masterTarget);
      String of = " of volume " + path + " of " + masterTarget;
      Instant added =
          vol.addedAgo() == null
              ? start.minus(Duration.ofDays(365))
              : start.minus(duration(vol.addedAgo(), "addedAgo" + of));
      out.add(
          new Volume(
              path,
              vol.fileSystem() == null ? "NTFS" : vol.fileSystem(),
              vol.capacity() == null ? 0 : size(vol.capacity(), "capacity" + of),
              vol.use() == null ? VolumeUse.NONE : vol.use(),
              or(vol.locked(), false),
              added));
    }
    return out;
  }

  private void processServers(Inventory inv) {
    for (var p : list(inv.processServers())) {
      String name = required(p.name(), "processServers[].name");
      unique(site.processServers, name, "process server");
      ProcessServerState ps = new ProcessServerState();
      ps.name = name;
      ps.location = required(p.location(), "location of process server " + name);
      ps.heartbeat = or(p.heartbeat(), true);
      site.processServers.put(name, ps);
    }
  }

  private void replicas(Inventory inv) {
    for (ReplicaDef r : list(inv.replicas())) {
      String name = required(r.name(), "replicas[].name");
      unique(site.replicas, name, "replica");
      ReplicaState rs = new ReplicaState();
      rs.def = r;
      rs.sourceVm = r.sourceVm() == null ? name : r.sourceVm();
      VmState source = site.vms.get(rs.sourceVm);
      if (r.sourceVCenter() != null) {
        ref(site.vcenters, r.sourceVCenter(), "replica " + name, "vCenter");
      }
      rs.sourceVCenter =
          r.sourceVCenter() != null
              ? r.sourceVCenter()
              : source != null ? site.hosts.get(source.host).vcenter() : null;
      rs.os = r.os() != null ? r.os() : source != null ? source.os : null;
      required(
          rs.os,
          "os of replica " + name + " (no on-premises VM " + rs.sourceVm + " to take it from)");
      rs.disks = replicaDisks(r, rs.sourceVm, source);
      rs.agentAfter =
          r.agentRegistersAfter() == null
              ? Duration.ZERO
              : duration(r.agentRegistersAfter(), "agentRegistersAfter of replica " + name);
      rs.syncDuration =
          r.syncDuration() == null
              ? Duration.ofMinutes(20)
              : duration(r.syncDuration(), "syncDuration of replica " + name);
      rs.changedBytes =
          r.changedBytes() == null
              ? rs.disks.stream().mapToLong(ReplicaDisk::sizeBytes).sum()
              : size(r.changedBytes(), "changedBytes of replica " + name);
      rs.inConfigServer = or(r.inConfigServer(), true);
      if (r.drift() != null) {
        rs.drift = required(r.drift().kind(), "kind of drift of replica " + name);
        rs.driftAfter =
            r.drift().after() == null
                ? Duration.ZERO
                : duration(r.drift().after(), "after of drift of replica " + name);
      }
      site.replicas.put(name, rs);
    }
  }

  /** The replica's own disks, else those of its on-premises VM. */
  private List<ReplicaDisk> replicaDisks(ReplicaDef r, String sourceVm, VmState source) {
    String name = r.name();
    if (r.disks() != null) {
      return r.disks().stream()
          .map(
              d -> {
                String disk = required(d.name(), "name of a disk of replica " + name);
                String sizeText =
                    required(d.size(), "size of disk " + disk + " of replica " + name);
                return new ReplicaDisk(
                    disk,
                    d.uuid() == null ? SiteState.uuidOf(name + "/" + disk) : d.uuid(),
                    size(sizeText, "size of disk " + disk));
              })
          .toList();
    }
    if (source != null) {
      return source.disks.stream()
          .map(d -> new ReplicaDisk(d.name(), d.uuid(), d.sizeBytes()))
          .toList();
    }
    throw error(
        "replica "
            + name
            + " has no disks and its on-premises VM "
            + sourceVm
            + " does not exist to take them from");
  }

  // ---- Values and checks. ----

  private List<Snapshot> snapshots(List<String> names, String owner) {
    List<Snapshot> out = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      out.add(new Snapshot(owner + "-snapshot-" + (i + 1), names.get(i)));
    }
    return out;
  }

  private List<VirtualDisk> disks(List<DiskDef> defs, String owner) {
    List<VirtualDisk> out = new ArrayList<>();
    for (DiskDef d : defs) {
      String name = required(d.name(), "name of a disk of " + owner);
      String of = " of disk " + name + " of " + owner;
      String ds = required(d.datastore(), "datastore" + of);
      ref(site.datastores, ds, owner + "'s disk " + name, "datastore");
      String uuid = d.uuid() == null ? SiteState.uuidOf(owner + "/" + name) : d.uuid();
      out.add(new VirtualDisk(name, uuid, ds, size(required(d.size(), "size" + of), "size" + of)));
    }
    return out;
  }

  private InventoryException error(String message) {
    return new InventoryException("inventory " + source + ": " + message);
  }

  private <T> T required(T value, String what) {
    if (value == null || value instanceof String s && s.isBlank()) {
      throw error("missing " + what);
    }
    return value;
  }

  private static boolean or(Boolean b, boolean otherwise) {
    return b == null ? otherwise : b;
  }

  private static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  private void unique(Map<String, ?> map, String name, String kind) {
    if (map.containsKey(name)) {
      throw error("duplicate " + kind + " '" + name + "'");
    }
  }

  /** A name the section must give, not given twice. */
  private String newName(String name, String what, Map<String, ?> known, String kind) {
    unique(known, required(name, what), kind);
    return name;
  }

  /** The host a VM or master target must name, one the inventory has. */
  private String hostOf(String host, String owner) {
    ref(site.hosts, required(host, "host of " + owner), owner, "host");
    return host;
  }

  private void ref(Map<String, ?> map, String name, String owner, String kind) {
    if (!map.containsKey(name)) {
      throw error(
          owner + " refers to unknown " + kind + " '" + name + "' (known: " + map.keySet() + ")");
    }
  }

  private Duration duration(String text, String what) {
    try {
      return Durations.parse(text);
    } catch (RuntimeException e) {
      throw error(what + ": " + e.getMessage());
    }
  }

  private long size(String text, String what) {
    try {
      return parseSize(text);
    } catch (RuntimeException e) {
      throw error(what + ": not a size '" + text + "' (write e.g. 80GiB, 4TiB or bytes)");
    }
  }

  static long parseSize(String text) {
    String t = text.trim().replace(" ", "");
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) {
      i++;
    }
    double n = Double.parseDouble(t.substring(0, i));
    String unit = t.substring(i).toUpperCase(Locale.ROOT);
    double factor =
        switch (unit) {
          case "", "B" -> 1;
          case "KB" -> 1e3;
          case "MB" -> 1e6;
          case "GB" -> 1e9;
          case "TB" -> 1e12;
          case "KIB" -> 1L << 10;
          case "MIB" -> 1L << 20;
          case "GIB" -> 1L << 30;
          case "TIB" -> 1L << 40;
          default -> throw new IllegalArgumentException(unit);
        };
    return (long) (n * factor);
  }
}
