package dev.reprotect.simulated;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.Durations;
import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.rules.Rule;
import dev.reprotect.simulated.Inventory.AttachedDef;
import dev.reprotect.simulated.Inventory.DiskDef;
import dev.reprotect.simulated.Inventory.HostDef;
import dev.reprotect.simulated.Inventory.MasterTargetDef;
import dev.reprotect.simulated.Inventory.ReplicaDef;
import dev.reprotect.simulated.Inventory.VmDef;
import dev.reprotect.simulated.Inventory.VolumeDef;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.SiteException;
import dev.reprotect.watch.ReplicationHealth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A SIMULATION standing in for vCenter and Azure Site Recovery: it implements both ports over an
 * in-memory site loaded from a YAML inventory, so the orchestrator runs end to end without any real
 * infrastructure. Nothing here talks to a network.
 *
 * <p>Time is scaled. The inventory gives the documents' real durations (an agent registers
 * {@code agentRegistersAfter: 4m12s} after the site starts, replication syncs over
 * {@code syncDuration: 20m}, a retention drive was {@code addedAgo: 5m}); site time runs
 * {@code 1 / timeScale} times faster than the injected clock, so at the default 0.02 a 20-minute
 * sync takes 24 seconds. {@link #now()} is site time.
 *
 * <p>The actions really change the state (power, snapshots, attached disks per master target,
 * created VMs, replication), and every call is counted per VM ({@link #sideEffects(String)}).
 * Test hooks (not on the ports) break the site while a reprotection runs: power a VM on,
 * Storage-vMotion a master target, disconnect vCenter, the configuration server or a process
 * server. Thread-safe: every method locks the site.
 */
public final class SimulatedSite implements OnPremSite, AzureSide {

  /**
   * @param timeScale wall-clock seconds per site second: 1.0 runs the documents' real durations,
   *     0.02 (the app's default) runs them 50 times faster
   * @param clock the wall clock; tests pass one they move by hand
   */
  public record Options(double timeScale, Clock clock) {

    public static final double DEFAULT_TIME_SCALE = 0.02;

    public Options {
      if (!(timeScale > 0)) {
        throw new IllegalArgumentException("timeScale must be above 0, got " + timeScale);
      }
      Objects.requireNonNull(clock, "clock");
    }

    public static Options defaults() {
      return new Options(DEFAULT_TIME_SCALE, Clock.systemUTC());
    }

    public Options withTimeScale(double scale) {
      return new Options(scale, clock);
    }

    public Options withClock(Clock c) {
      return new Options(timeScale, c);
    }
  }

  /** The classpath resource of the sample inventory the app loads by default. */
  public static final String SAMPLE = "/inventory/sample.yaml";

  private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
      .build();

  private final Options options;
  // Not final: a site sharing its state through a file (SharedStateSite) takes the start instant
  // of the process that created the file, so agent registration is timed from one start.
  private Instant wallStart;
  private Instant siteStart;

  // ---- State. ----
  private final Map<String, VcState> vcenters = new LinkedHashMap<>();
  private final Map<String, Host> hosts = new LinkedHashMap<>();
  private final Map<String, Datastore> datastores = new LinkedHashMap<>();
  private final Map<String, VmState> vms = new LinkedHashMap<>();
  private final Map<String, MtState> masterTargets = new LinkedHashMap<>();
  private final Map<String, PsState> processServers = new LinkedHashMap<>();
  private final Map<String, ReplicaState> replicas = new LinkedHashMap<>();
  private final Map<String, int[]> sideEffects = new HashMap<>();
  private boolean configServerReachable;
  private NetworkPaths network;
  private Set<Integer> closedPorts;

  private SimulatedSite(Options options) {
    this.options = options;
    this.wallStart = options.clock().instant();
    this.siteStart = wallStart;
  }

  // ---- Loading. ----

  /** Loads the sample inventory shipped on the classpath ({@value #SAMPLE}). */
  public static SimulatedSite loadSample(Options options) {
    try (InputStream in = SimulatedSite.class.getResourceAsStream(SAMPLE)) {
      if (in == null) {
        throw new InventoryException("sample inventory " + SAMPLE + " is not on the classpath");
      }
      return load(in, "classpath:" + SAMPLE, options);
    } catch (IOException e) {
      throw new InventoryException("cannot read " + SAMPLE + ": " + e.getMessage(), e);
    }
  }

  public static SimulatedSite load(Path file, Options options) {
    try (InputStream in = Files.newInputStream(file)) {
      return load(in, file.toString(), options);
    } catch (IOException e) {
      throw new InventoryException("cannot read inventory " + file + ": " + e.getMessage(), e);
    }
  }

  public static SimulatedSite load(InputStream in, Options options) {
    return load(in, "<stream>", options);
  }

  /** Loads an inventory; {@code source} names it in error messages. */
  public static SimulatedSite load(InputStream in, String source, Options options) {
    Inventory inventory;
    try {
      inventory = YAML.readValue(new String(in.readAllBytes(), StandardCharsets.UTF_8), Inventory.class);
    } catch (UnrecognizedPropertyException e) {
      throw new InventoryException(String.format(
          "inventory %s: unknown key '%s' at %s (line %d); known keys there: %s",
          source, e.getPropertyName(), where(e), line(e), new TreeSet<>(known(e))), e);
    } catch (InvalidFormatException e) {
      throw new InventoryException(String.format("inventory %s: bad value '%s' at %s (line %d): %s",
          source, e.getValue(), where(e), line(e), e.getOriginalMessage()), e);
    } catch (JsonMappingException e) {
      throw new InventoryException(String.format("inventory %s: %s at %s (line %d)",
          source, e.getOriginalMessage(), where(e), line(e)), e);
    } catch (IOException e) {
      throw new InventoryException("inventory " + source + ": " + e.getMessage(), e);
    }
    if (inventory == null) {
      throw new InventoryException("inventory " + source + " is empty");
    }
    SimulatedSite site = new SimulatedSite(options);
    new Loader(site, source).load(inventory);
    return site;
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
        if (path.length() > 0) path.append('.');
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

  /** Turns the inventory into state, checking every reference. */
  private static final class Loader {
    private final SimulatedSite site;
    private final String source;

    Loader(SimulatedSite site, String source) {
      this.site = site;
      this.source = source;
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

    private <T> void unique(Map<String, ?> map, String name, String kind) {
      if (map.containsKey(name)) {
        throw error("duplicate " + kind + " '" + name + "'");
      }
    }

    void load(Inventory inv) {
      Instant start = site.siteStart;
      var net = inv.network();
      site.network = net == null
          ? new NetworkPaths(false, false)
          : new NetworkPaths(or(net.siteToSiteVpn(), false), or(net.expressRoutePrivatePeering(), false));
      site.closedPorts = net == null ? Set.of() : Set.copyOf(list(net.closedPorts()));
      site.configServerReachable = inv.configServer() == null || or(inv.configServer().reachable(), true);

      for (var vc : list(inv.vcenters())) {
        String name = required(vc.name(), "vcenters[].name");
        unique(site.vcenters, name, "vCenter");
        site.vcenters.put(name, new VcState(name, or(vc.connected(), true), or(vc.discovered(), true),
            or(vc.readOnlyAccount(), false)));
      }
      for (var ds : list(inv.datastores())) {
        String name = required(ds.name(), "datastores[].name");
        unique(site.datastores, name, "datastore");
        site.datastores.put(name, new Datastore(name, required(ds.type(), "type of datastore " + name),
            ds.capacity() == null ? 0 : size(ds.capacity(), "capacity of datastore " + name)));
      }
      for (HostDef h : list(inv.hosts())) {
        String name = required(h.name(), "hosts[].name");
        unique(site.hosts, name, "host");
        String vc = required(h.vcenter(), "vcenter of host " + name);
        ref(site.vcenters, vc, "host " + name, "vCenter");
        List<DatastoreMount> mounts = new ArrayList<>();
        for (var m : list(h.datastores())) {
          ref(site.datastores, required(m.name(), "datastore name of a mount of host " + name), "host " + name, "datastore");
          mounts.add(new DatastoreMount(m.name(), m.access() == null ? MountAccess.READ_WRITE : m.access()));
        }
        site.hosts.put(name, new Host(name, h.type() == null ? HostType.ESXI : h.type(),
            h.version() == null ? "7.0.3" : h.version(), h.licence() == null ? Licence.PAID : h.licence(), vc,
            List.copyOf(mounts)));
      }
      for (VmDef v : list(inv.vms())) {
        String name = required(v.name(), "vms[].name");
        unique(site.vms, name, "VM");
        String host = required(v.host(), "host of VM " + name);
        ref(site.hosts, host, "VM " + name, "host");
        VmState vm = new VmState();
        vm.name = name;
        vm.os = required(v.os(), "os of VM " + name);
        vm.host = host;
        vm.power = v.power() == null ? PowerState.POWERED_ON : v.power();
        vm.snapshots = snapshots(list(v.snapshots()), name);
        vm.disks = disks(list(v.disks()), "VM " + name, true);
        site.vms.put(name, vm);
      }
      for (MasterTargetDef m : list(inv.masterTargets())) {
        String name = required(m.name(), "masterTargets[].name");
        unique(site.masterTargets, name, "master target");
        String host = required(m.host(), "host of master target " + name);
        ref(site.hosts, host, "master target " + name, "host");
        MtState mt = new MtState();
        mt.name = name;
        mt.os = required(m.os(), "os of master target " + name);
        mt.host = host;
        mt.discovered = or(m.discovered(), true);
        mt.controller = m.scsiController() == null ? ScsiController.LSI_LOGIC : m.scsiController();
        mt.tools = or(m.vmwareTools(), true);
        mt.enableUuid = or(m.diskEnableUuid(), true);
        mt.snapshots = snapshots(list(m.snapshots()), name);
        mt.disks = disks(list(m.disks()), "master target " + name, true);
        mt.attached = new ArrayList<>();
        for (AttachedDef a : list(m.attachedDisks())) {
          String owner = required(a.replicatedItem(), "replicatedItem of attachedDisks of master target " + name);
          int count = a.count() == null ? 1 : a.count();
          for (int i = 0; i < count; i++) {
            String disk = owner + "_disk" + i;
            mt.attached.add(new AttachedDisk(
                new VirtualDisk(disk, uuidOf(name + "/" + disk), null, 0), owner));
          }
        }
        mt.volumes = new ArrayList<>();
        for (VolumeDef vol : list(m.volumes())) {
          String path = required(vol.path(), "path of a volume of master target " + name);
          Instant added = vol.addedAgo() == null
              ? start.minus(Duration.ofDays(365))
              : start.minus(duration(vol.addedAgo(), "addedAgo of volume " + path + " of " + name));
          mt.volumes.add(new Volume(path, vol.fileSystem() == null ? "NTFS" : vol.fileSystem(),
              vol.capacity() == null ? 0 : size(vol.capacity(), "capacity of volume " + path + " of " + name),
              vol.use() == null ? VolumeUse.NONE : vol.use(), or(vol.locked(), false), added));
        }
        site.masterTargets.put(name, mt);
      }
      for (var p : list(inv.processServers())) {
        String name = required(p.name(), "processServers[].name");
        unique(site.processServers, name, "process server");
        PsState ps = new PsState();
        ps.name = name;
        ps.location = required(p.location(), "location of process server " + name);
        ps.heartbeat = or(p.heartbeat(), true);
        site.processServers.put(name, ps);
      }
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
        rs.sourceVCenter = r.sourceVCenter() != null ? r.sourceVCenter()
            : source != null ? site.hosts.get(source.host).vcenter() : null;
        rs.os = r.os() != null ? r.os() : source != null ? source.os : null;
        required(rs.os, "os of replica " + name + " (no on-premises VM " + rs.sourceVm + " to take it from)");
        if (r.disks() != null) {
          rs.disks = r.disks().stream().map(d -> new ReplicaDisk(required(d.name(), "name of a disk of replica " + name),
              d.uuid() == null ? uuidOf(name + "/" + d.name()) : d.uuid(),
              size(required(d.size(), "size of disk " + d.name() + " of replica " + name), "size of disk " + d.name()))).toList();
        } else if (source != null) {
          rs.disks = source.disks.stream().map(d -> new ReplicaDisk(d.name(), d.uuid(), d.sizeBytes())).toList();
        } else {
          throw error("replica " + name + " has no disks and its on-premises VM " + rs.sourceVm
              + " does not exist to take them from");
        }
        rs.agentAfter = r.agentRegistersAfter() == null ? Duration.ZERO
            : duration(r.agentRegistersAfter(), "agentRegistersAfter of replica " + name);
        rs.syncDuration = r.syncDuration() == null ? Duration.ofMinutes(20)
            : duration(r.syncDuration(), "syncDuration of replica " + name);
        rs.changedBytes = r.changedBytes() == null
            ? rs.disks.stream().mapToLong(ReplicaDisk::sizeBytes).sum()
            : size(r.changedBytes(), "changedBytes of replica " + name);
        rs.inConfigServer = or(r.inConfigServer(), true);
        if (r.drift() != null) {
          rs.drift = required(r.drift().kind(), "kind of drift of replica " + name);
          rs.driftAfter = r.drift().after() == null ? Duration.ZERO
              : duration(r.drift().after(), "after of drift of replica " + name);
        }
        site.replicas.put(name, rs);
      }
    }

    private void ref(Map<String, ?> map, String name, String owner, String kind) {
      if (!map.containsKey(name)) {
        throw error(owner + " refers to unknown " + kind + " '" + name + "' (known: " + map.keySet() + ")");
      }
    }

    private List<Snapshot> snapshots(List<String> names, String owner) {
      List<Snapshot> out = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        out.add(new Snapshot(owner + "-snapshot-" + (i + 1), names.get(i)));
      }
      return out;
    }

    private List<VirtualDisk> disks(List<DiskDef> defs, String owner, boolean needDatastore) {
      List<VirtualDisk> out = new ArrayList<>();
      for (DiskDef d : defs) {
        String name = required(d.name(), "name of a disk of " + owner);
        String ds = d.datastore();
        if (needDatastore) {
          ref(site.datastores, required(ds, "datastore of disk " + name + " of " + owner), owner + "'s disk " + name, "datastore");
        }
        out.add(new VirtualDisk(name, d.uuid() == null ? uuidOf(owner + "/" + name) : d.uuid(), ds,
            size(required(d.size(), "size of disk " + name + " of " + owner), "size of disk " + name + " of " + owner)));
      }
      return out;
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
  }

  static long parseSize(String text) {
    String t = text.trim().replace(" ", "");
    int i = 0;
    while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
    double n = Double.parseDouble(t.substring(0, i));
    String unit = t.substring(i).toUpperCase(Locale.ROOT);
    double factor = switch (unit) {
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

  private static String uuidOf(String seed) {
    return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
  }

  // ---- Mutable state holders (guarded by this). ----

  private static final class VcState {
    String name;
    boolean connected;
    boolean discovered;
    boolean readOnly;

    private VcState() {}

    VcState(String name, boolean connected, boolean discovered, boolean readOnly) {
      this.name = name;
      this.connected = connected;
      this.discovered = discovered;
      this.readOnly = readOnly;
    }
  }

  private static final class VmState {
    String name;
    OsType os;
    String host;
    PowerState power;
    List<Snapshot> snapshots;
    List<VirtualDisk> disks;
  }

  private static final class MtState {
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

  private static final class PsState {
    String name;
    Location location;
    boolean heartbeat;
  }

  private static final class ReplicaState {
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

  // ---- Time. ----

  /** Site time: the documents' time, running 1 / timeScale times faster than the clock. */
  @Override
  public synchronized Instant now() {
    Duration wall = Duration.between(wallStart, options.clock().instant());
    return siteStart.plusNanos((long) (wall.toNanos() / options.timeScale()));
  }

  /** How much site time has passed since the site started. */
  public synchronized Duration siteElapsed() {
    return Duration.between(siteStart, now());
  }

  public Options options() {
    return options;
  }

  // ---- OnPremSite: reads. ----

  private void connected(String vcenter) {
    VcState vc = vcenters.get(vcenter);
    if (vc != null && !vc.connected) {
      throw new SiteException(Rule.VCENTER_DISCONNECTED, "vCenter " + vcenter + " is disconnected");
    }
  }

  private String vcenterOfHost(String host) {
    return hosts.get(host).vcenter();
  }

  @Override
  public synchronized Optional<OnPremVm> vm(String name) {
    VmState vm = vms.get(name);
    if (vm == null) {
      vcenters.keySet().forEach(this::connected);
      return Optional.empty();
    }
    connected(vcenterOfHost(vm.host));
    return Optional.of(snapshot(vm));
  }

  private OnPremVm snapshot(VmState vm) {
    return new OnPremVm(vm.name, vm.os, vm.power, vm.host, vcenterOfHost(vm.host), List.copyOf(vm.snapshots),
        List.copyOf(vm.disks));
  }

  @Override
  public synchronized Optional<MasterTarget> masterTarget(String name) {
    MtState mt = masterTargets.get(name);
    if (mt == null) {
      return Optional.empty();
    }
    connected(vcenterOfHost(mt.host));
    return Optional.of(snapshot(mt));
  }

  private MasterTarget snapshot(MtState mt) {
    return new MasterTarget(mt.name, mt.os, mt.host, vcenterOfHost(mt.host), mt.discovered, mt.controller, mt.tools,
        mt.enableUuid, List.copyOf(mt.snapshots), List.copyOf(mt.disks), List.copyOf(mt.attached),
        List.copyOf(mt.volumes), mt.vmotioned);
  }

  @Override
  public synchronized List<MasterTarget> masterTargets() {
    List<MasterTarget> out = new ArrayList<>();
    for (MtState mt : masterTargets.values()) {
      connected(vcenterOfHost(mt.host));
      out.add(snapshot(mt));
    }
    return out;
  }

  @Override
  public synchronized Optional<Host> host(String name) {
    Host host = hosts.get(name);
    if (host != null) {
      connected(host.vcenter());
    }
    return Optional.ofNullable(host);
  }

  @Override
  public synchronized Optional<Datastore> datastore(String name) {
    return Optional.ofNullable(datastores.get(name));
  }

  @Override
  public synchronized List<Datastore> datastores() {
    return List.copyOf(datastores.values());
  }

  @Override
  public synchronized Optional<VCenter> vcenter(String name) {
    VcState vc = vcenters.get(name);
    return vc == null ? Optional.empty()
        : Optional.of(new VCenter(vc.name, vc.connected, vc.discovered, vc.readOnly));
  }

  // ---- OnPremSite: actions. ----

  private VmState vmFor(String name) {
    VmState vm = vms.get(name);
    if (vm == null) {
      throw new IllegalArgumentException("no VM " + name);
    }
    connected(vcenterOfHost(vm.host));
    return vm;
  }

  private MtState mtFor(String name) {
    MtState mt = masterTargets.get(name);
    if (mt == null) {
      throw new IllegalArgumentException("no master target " + name);
    }
    connected(vcenterOfHost(mt.host));
    return mt;
  }

  private int[] counters(String vm) {
    return sideEffects.computeIfAbsent(vm, k -> new int[7]);
  }

  @Override
  public synchronized void removeSnapshots(String vm, List<String> snapshotIds) {
    VmState state = vmFor(vm);
    counters(vm)[1]++;
    state.snapshots = state.snapshots.stream().filter(s -> !snapshotIds.contains(s.id())).toList();
  }

  @Override
  public synchronized void powerOff(String vm) {
    VmState state = vmFor(vm);
    counters(vm)[0]++;
    state.power = PowerState.POWERED_OFF;
  }

  @Override
  public synchronized void attachDisks(String masterTarget, String replicatedItem, List<VirtualDisk> disks) {
    MtState mt = mtFor(masterTarget);
    counters(replicatedItem)[2]++;
    Set<String> present = new HashSet<>();
    mt.attached.forEach(a -> present.add(a.disk().uuid()));
    for (VirtualDisk disk : disks) {
      if (present.add(disk.uuid())) {
        mt.attached.add(new AttachedDisk(disk, replicatedItem));
      }
    }
  }

  @Override
  public synchronized OnPremVm createVm(NewVm vm) {
    Host host = hosts.get(vm.host());
    if (host == null || !datastores.containsKey(vm.datastore())) {
      throw new IllegalArgumentException("no host " + vm.host() + " or datastore " + vm.datastore());
    }
    connected(host.vcenter());
    if (vms.containsKey(vm.name())) {
      throw new IllegalStateException("a VM named " + vm.name() + " already exists");
    }
    counters(vm.name())[3]++;
    VmState state = new VmState();
    state.name = vm.name();
    state.os = vm.os();
    state.host = vm.host();
    state.power = PowerState.POWERED_OFF;
    state.snapshots = List.of();
    state.disks = vm.disks().stream()
        .map(d -> new VirtualDisk(d.name(), uuidOf("created/" + vm.name() + "/" + d.name()), vm.datastore(), d.sizeBytes()))
        .toList();
    vms.put(vm.name(), state);
    return snapshot(state);
  }

  @Override
  public synchronized void detachDisks(String masterTarget, List<String> diskUuids) {
    MtState mt = mtFor(masterTarget);
    mt.attached.stream().filter(a -> diskUuids.contains(a.disk().uuid())).map(AttachedDisk::replicatedItem)
        .distinct().forEach(owner -> counters(owner == null ? masterTarget : owner)[5]++);
    if (mt.vmotioned) {
      throw new SiteException(Rule.MT_STORAGE_VMOTIONED,
          "master target " + masterTarget + " was Storage-vMotioned; its attached disks moved and cannot be found");
    }
    mt.attached.removeIf(a -> diskUuids.contains(a.disk().uuid()));
  }

  // ---- AzureSide. ----

  private void configServer() {
    if (!configServerReachable) {
      throw new SiteException(Rule.CONFIG_SERVER_UNREACHABLE,
          "the configuration server is not reachable (port 443)");
    }
  }

  private Replica snapshot(ReplicaState r) {
    ReplicaDef d = r.def;
    String state = switch (r.replication) {
      case SYNCHRONIZING -> "REPROTECTING";
      case PROTECTED -> "PROTECTED";
      default -> d.protectionState() == null ? "FAILED_OVER" : d.protectionState();
    };
    return new Replica(d.name(), r.sourceVm, r.sourceVCenter, r.os, d.osVersion(),
        d.origin() == null ? Origin.FAILED_OVER : d.origin(), state,
        d.protectionEnabled() == null || d.protectionEnabled(),
        Boolean.TRUE.equals(d.migrated()), Boolean.TRUE.equals(d.movedResourceGroup()),
        Boolean.TRUE.equals(d.protectedAsPhysical()), d.replicationGroup(), d.recoveryPlan(), r.disks);
  }

  @Override
  public synchronized Optional<Replica> replica(String replicatedItem) {
    ReplicaState r = replicas.get(replicatedItem);
    if (r != null) {
      progress(r);
    }
    return Optional.ofNullable(r).map(this::snapshot);
  }

  @Override
  public synchronized List<Replica> replicas() {
    replicas.values().forEach(this::progress);
    return replicas.values().stream().map(this::snapshot).toList();
  }

  @Override
  public synchronized boolean configServerReachable() {
    return configServerReachable;
  }

  @Override
  public synchronized boolean inConfigServer(String replicatedItem) {
    configServer();
    ReplicaState r = replicas.get(replicatedItem);
    return r != null && r.inConfigServer;
  }

  @Override
  public synchronized AgentStatus agent(String replicatedItem) {
    configServer();
    ReplicaState r = replica(replicatedItem, "agent");
    boolean registered = siteElapsed().compareTo(r.agentAfter) >= 0;
    return new AgentStatus(registered, registered ? r.agentAfter : null);
  }

  private ReplicaState replica(String item, String what) {
    ReplicaState r = replicas.get(item);
    if (r == null) {
      throw new SiteException(Rule.REPLICA_NOT_FOUND, "no replica " + item + " (asked for its " + what + ")");
    }
    return r;
  }

  @Override
  public synchronized Optional<ProcessServer> processServer(String name) {
    return Optional.ofNullable(processServers.get(name)).map(p -> new ProcessServer(p.name, p.location, p.heartbeat));
  }

  @Override
  public synchronized List<ProcessServer> processServers() {
    return processServers.values().stream().map(p -> new ProcessServer(p.name, p.location, p.heartbeat)).toList();
  }

  @Override
  public synchronized NetworkPaths network() {
    return network;
  }

  @Override
  public synchronized Set<Integer> closedFailbackPorts() {
    return closedPorts;
  }

  private void processServerUp(String name) {
    PsState ps = processServers.get(name);
    if (ps == null) {
      throw new SiteException(Rule.PROCESS_SERVER_NOT_REGISTERED,
          "process server " + name + " is not registered with the configuration server");
    }
    if (!ps.heartbeat) {
      throw new SiteException(Rule.PROCESS_SERVER_UNREACHABLE, "process server " + name + " has no heartbeat");
    }
  }

  @Override
  public synchronized void startReplication(ReplicationSpec spec) {
    configServer();
    ReplicaState r = replica(spec.replicatedItem(), "replication");
    processServerUp(spec.processServer());
    counters(spec.replicatedItem())[4]++;
    r.replication = ReplicationState.SYNCHRONIZING;
    r.processServer = spec.processServer();
    r.replicationStartedAt = now();
  }

  @Override
  public synchronized ReplicationStatus replication(String replicatedItem) {
    configServer();
    ReplicaState r = replica(replicatedItem, "replication");
    if (r.replication == ReplicationState.SYNCHRONIZING) {
      processServerUp(r.processServer);
    }
    progress(r);
    long sent = switch (r.replication) {
      case PROTECTED -> r.changedBytes;
      case SYNCHRONIZING -> (long) (r.changedBytes * fraction(r));
      default -> 0;
    };
    return new ReplicationStatus(r.replication, sent, r.changedBytes, r.processServer);
  }

  private double fraction(ReplicaState r) {
    if (r.syncDuration.isZero()) {
      return 1;
    }
    Duration elapsed = Duration.between(r.replicationStartedAt, now());
    return Math.min(1.0, (double) elapsed.toMillis() / r.syncDuration.toMillis());
  }

  private void progress(ReplicaState r) {
    if (r.replication == ReplicationState.SYNCHRONIZING && fraction(r) >= 1.0) {
      r.replication = ReplicationState.PROTECTED;
    }
  }

  @Override
  public synchronized void stopReplication(String replicatedItem) {
    configServer();
    ReplicaState r = replica(replicatedItem, "replication");
    counters(replicatedItem)[6]++;
    r.replication = ReplicationState.STOPPED;
  }

  /** A protected item's RPO while nothing is wrong: recovery points come every half minute or so. */
  static final long STEADY_RPO_SECONDS = 30;

  @Override
  public synchronized List<ProtectedReplication> protectedReplications() {
    replicas.values().forEach(this::progress);
    List<ProtectedReplication> out = new ArrayList<>();
    for (ReplicaState r : replicas.values()) {
      if (r.replication == ReplicationState.PROTECTED) {
        out.add(protectedReplication(r));
      }
    }
    return out;
  }

  /** Steady, or drifting as the inventory's {@code drift} says once its {@code after} has passed. */
  private ProtectedReplication protectedReplication(ReplicaState r) {
    Instant now = now();
    Instant protectedAt = r.replicationStartedAt.plus(r.syncDuration);
    Duration drifting = r.drift == null ? Duration.ZERO
        : Duration.between(protectedAt.plus(r.driftAfter), now);
    long rpo = STEADY_RPO_SECONDS + Math.max(0, drifting.toSeconds());
    ReplicationHealth health = ReplicationHealth.NORMAL;
    List<String> errors = new ArrayList<>();
    if (r.drift == Inventory.DriftKind.CRITICAL && !drifting.isNegative()) {
      health = ReplicationHealth.CRITICAL;
      errors.add("Replication to master target for " + r.def.name() + " through process server " + r.processServer
          + " has stalled (simulated)");
    }
    if (rpo > FailbackPolicy.FIXED.rpoThresholdMinutes() * 60L) {
      health = health == ReplicationHealth.CRITICAL ? health : ReplicationHealth.WARNING;
      errors.add("RPO of " + rpo + " s exceeds the failback policy's " + FailbackPolicy.FIXED.rpoThresholdMinutes()
          + "-minute threshold (simulated)");
    }
    return new ProtectedReplication(r.def.name(), r.def.recoveryPlan(), rpo, health, List.copyOf(errors),
        now.minusSeconds(rpo));
  }

  // ---- The whole mutable state, for sharing one site between processes (SharedStateSite). ----

  private static final ObjectMapper STATE = JsonMapper.builder()
      .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
      .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .visibility(com.fasterxml.jackson.annotation.PropertyAccessor.ALL,
          com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
      .visibility(com.fasterxml.jackson.annotation.PropertyAccessor.FIELD,
          com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
      .visibility(com.fasterxml.jackson.annotation.PropertyAccessor.CREATOR,
          com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
      .build();

  /** Everything that changes, plus the start instant: what a shared state file holds. */
  private static final class State {
    Instant wallStart;
    Map<String, VcState> vcenters;
    Map<String, Host> hosts;
    Map<String, Datastore> datastores;
    Map<String, VmState> vms;
    Map<String, MtState> masterTargets;
    Map<String, PsState> processServers;
    Map<String, ReplicaState> replicas;
    Map<String, int[]> sideEffects;
    boolean configServerReachable;
    NetworkPaths network;
    Set<Integer> closedPorts;
  }

  /** The site's whole state (and its start instant) as JSON. */
  public synchronized String stateJson() {
    State s = new State();
    s.wallStart = wallStart;
    s.vcenters = vcenters;
    s.hosts = hosts;
    s.datastores = datastores;
    s.vms = vms;
    s.masterTargets = masterTargets;
    s.processServers = processServers;
    s.replicas = replicas;
    s.sideEffects = new java.util.TreeMap<>(sideEffects);
    s.configServerReachable = configServerReachable;
    s.network = network;
    s.closedPorts = new TreeSet<>(closedPorts);
    try {
      return STATE.writeValueAsString(s);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the simulated site's state: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces the whole state (and the start instant) by one {@link #stateJson()} wrote, possibly
   * in another process. The options (time scale, clock) stay this site's.
   */
  public synchronized void restoreState(String json) {
    State s;
    try {
      s = STATE.readValue(json, State.class);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the simulated site's state: " + e.getMessage(), e);
    }
    wallStart = s.wallStart;
    siteStart = s.wallStart;
    replace(vcenters, s.vcenters);
    replace(hosts, s.hosts);
    replace(datastores, s.datastores);
    replace(vms, s.vms);
    replace(masterTargets, s.masterTargets);
    replace(processServers, s.processServers);
    replace(replicas, s.replicas);
    replace(sideEffects, s.sideEffects);
    configServerReachable = s.configServerReachable;
    network = s.network;
    closedPorts = s.closedPorts == null ? Set.of() : Set.copyOf(s.closedPorts);
  }

  private static <V> void replace(Map<String, V> target, Map<String, V> source) {
    target.clear();
    if (source != null) {
      target.putAll(source);
    }
  }

  // ---- Test hooks: how a site breaks while a reprotection runs. ----

  /** Someone powers the on-premises VM on (breaks ONPREM_VM_POWERED_ON during sync). */
  public synchronized void powerOn(String vm) {
    VmState state = vms.get(vm);
    if (state == null) {
      throw new IllegalArgumentException("no VM " + vm);
    }
    state.power = PowerState.POWERED_ON;
  }

  /** Someone Storage-vMotions a master target: its attached disks move (MT_STORAGE_VMOTIONED). */
  public synchronized void storageVMotion(String masterTarget) {
    MtState mt = masterTargets.get(masterTarget);
    if (mt == null) {
      throw new IllegalArgumentException("no master target " + masterTarget);
    }
    mt.vmotioned = true;
  }

  public synchronized void disconnectVCenter(String name) {
    vcState(name).connected = false;
  }

  public synchronized void reconnectVCenter(String name) {
    vcState(name).connected = true;
  }

  private VcState vcState(String name) {
    VcState vc = vcenters.get(name);
    if (vc == null) {
      throw new IllegalArgumentException("no vCenter " + name);
    }
    return vc;
  }

  public synchronized void disconnectConfigServer() {
    configServerReachable = false;
  }

  public synchronized void reconnectConfigServer() {
    configServerReachable = true;
  }

  public synchronized void disconnectProcessServer(String name) {
    psState(name).heartbeat = false;
  }

  public synchronized void reconnectProcessServer(String name) {
    psState(name).heartbeat = true;
  }

  private PsState psState(String name) {
    PsState ps = processServers.get(name);
    if (ps == null) {
      throw new IllegalArgumentException("no process server " + name);
    }
    return ps;
  }

  /** How many times each action was asked for this VM (on-premises VM or replicated item name). */
  public synchronized SideEffects sideEffects(String vm) {
    int[] c = sideEffects.get(vm);
    return c == null ? SideEffects.NONE : new SideEffects(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
  }

  /** Every VM and its side effects, for a test that checks nothing was done twice. */
  public synchronized Map<String, SideEffects> allSideEffects() {
    Map<String, SideEffects> out = new LinkedHashMap<>();
    sideEffects.keySet().stream().sorted().forEach(k -> out.put(k, sideEffects(k)));
    return out;
  }

}
