package dev.reprotect.simulated;

import dev.reprotect.rules.Rule;
import dev.reprotect.simulated.SiteState.MasterTargetState;
import dev.reprotect.simulated.SiteState.ProcessServerState;
import dev.reprotect.simulated.SiteState.ReplicaState;
import dev.reprotect.simulated.SiteState.VCenterState;
import dev.reprotect.simulated.SiteState.VmState;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.SiteException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A SIMULATION standing in for vCenter and Azure Site Recovery: it implements both ports over an
 * in-memory site loaded from a YAML inventory ({@link InventoryLoader}), so the orchestrator runs
 * end to end without any real infrastructure. Nothing here talks to a network.
 *
 * <p>Time is scaled. The inventory gives the documents' real durations (an agent registers {@code
 * agentRegistersAfter: 4m12s} after the site starts, replication syncs over {@code syncDuration:
 * 20m}, a retention drive was {@code addedAgo: 5m}); site time runs {@code 1 / timeScale} times
 * faster than the injected clock, so at the default 0.02 a 20-minute sync takes 24 seconds. {@link
 * #now()} is site time.
 *
 * <p>The actions really change the state ({@link SiteState}: power, snapshots, attached disks per
 * master target, created VMs, replication), and every call is counted per VM ({@link
 * #sideEffects(String)}). Tests break the site while a reprotection runs through the fault hooks of
 * the test-jar ({@code SiteFaults}). Thread-safe: every method locks the site.
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

  private final Options options;

  /**
   * Guarded by this. Its start instant is both the wall-clock and the site-time origin; a site
   * sharing its state through a file takes the start of the process that created the file.
   */
  private final SiteState state;

  private SimulatedSite(Options options, SiteState state) {
    this.options = options;
    this.state = state;
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
    return new SimulatedSite(options, InventoryLoader.load(in, source, options.clock().instant()));
  }

  /** The state itself, for the fault hooks of the tests (they lock the site around it). */
  SiteState state() {
    return state;
  }

  // ---- Time. ----

  /** Site time: the documents' time, running 1 / timeScale times faster than the clock. */
  @Override
  public synchronized Instant now() {
    Duration wall = Duration.between(state.wallStart, options.clock().instant());
    return state.wallStart.plusNanos((long) (wall.toNanos() / options.timeScale()));
  }

  /** How much site time has passed since the site started. */
  public synchronized Duration siteElapsed() {
    return Duration.between(state.wallStart, now());
  }

  public Options options() {
    return options;
  }

  // ---- OnPremSite: reads. ----

  private void connected(String vcenter) {
    VCenterState vc = state.vcenters.get(vcenter);
    if (vc != null && !vc.connected) {
      throw new SiteException(Rule.VCENTER_DISCONNECTED, "vCenter " + vcenter + " is disconnected");
    }
  }

  private String vcenterOfHost(String host) {
    return state.hosts.get(host).vcenter();
  }

  @Override
  public synchronized Optional<OnPremVm> vm(String name) {
    VmState vm = state.vms.get(name);
    if (vm == null) {
      state.vcenters.keySet().forEach(this::connected);
      return Optional.empty();
    }
    connected(vcenterOfHost(vm.host));
    return Optional.of(SiteViews.vm(vm, vcenterOfHost(vm.host)));
  }

  @Override
  public synchronized Optional<MasterTarget> masterTarget(String name) {
    MasterTargetState mt = state.masterTargets.get(name);
    if (mt == null) {
      return Optional.empty();
    }
    connected(vcenterOfHost(mt.host));
    return Optional.of(SiteViews.masterTarget(mt, vcenterOfHost(mt.host)));
  }

  @Override
  public synchronized List<MasterTarget> masterTargets() {
    List<MasterTarget> out = new ArrayList<>();
    for (MasterTargetState mt : state.masterTargets.values()) {
      connected(vcenterOfHost(mt.host));
      out.add(SiteViews.masterTarget(mt, vcenterOfHost(mt.host)));
    }
    return out;
  }

  @Override
  public synchronized Optional<Host> host(String name) {
    Host host = state.hosts.get(name);
    if (host != null) {
      connected(host.vcenter());
    }
    return Optional.ofNullable(host);
  }

  @Override
  public synchronized Optional<Datastore> datastore(String name) {
    return Optional.ofNullable(state.datastores.get(name));
  }

  @Override
  public synchronized List<Datastore> datastores() {
    return List.copyOf(state.datastores.values());
  }

  @Override
  public synchronized Optional<VCenter> vcenter(String name) {
    VCenterState vc = state.vcenters.get(name);
    return vc == null
        ? Optional.empty()
        : Optional.of(new VCenter(vc.name, vc.connected, vc.discovered, vc.readOnly));
  }

  // ---- OnPremSite: actions. ----

  private VmState vmFor(String name) {
    VmState vm = state.vms.get(name);
    if (vm == null) {
      throw new IllegalArgumentException("no VM " + name);
    }
    connected(vcenterOfHost(vm.host));
    return vm;
  }

  private MasterTargetState mtFor(String name) {
    MasterTargetState mt = state.masterTargets.get(name);
    if (mt == null) {
      throw new IllegalArgumentException("no master target " + name);
    }
    connected(vcenterOfHost(mt.host));
    return mt;
  }

  private int[] counters(String vm) {
    return state.sideEffects.computeIfAbsent(vm, k -> new int[7]);
  }

  @Override
  public synchronized void removeSnapshots(String vm, List<String> snapshotIds) {
    VmState current = vmFor(vm);
    counters(vm)[1]++;
    current.snapshots =
        current.snapshots.stream().filter(s -> !snapshotIds.contains(s.id())).toList();
  }

  @Override
  public synchronized void powerOff(String vm) {
    VmState current = vmFor(vm);
    counters(vm)[0]++;
    current.power = PowerState.POWERED_OFF;
  }

  @Override
  public synchronized void attachDisks(
      String masterTarget, String replicatedItem, List<VirtualDisk> disks) {
    MasterTargetState mt = mtFor(masterTarget);
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
    Host host = state.hosts.get(vm.host());
    if (host == null || !state.datastores.containsKey(vm.datastore())) {
      throw new IllegalArgumentException(
          "no host " + vm.host() + " or datastore " + vm.datastore());
    }
    connected(host.vcenter());
    if (state.vms.containsKey(vm.name())) {
      throw new IllegalStateException("a VM named " + vm.name() + " already exists");
    }
    counters(vm.name())[3]++;
    VmState current = new VmState();
    current.name = vm.name();
    current.os = vm.os();
    current.host = vm.host();
    current.power = PowerState.POWERED_OFF;
    current.snapshots = List.of();
    current.disks =
        vm.disks().stream()
            .map(
                d ->
                    new VirtualDisk(
                        d.name(),
                        SiteState.uuidOf("created/" + vm.name() + "/" + d.name()),
                        vm.datastore(),
                        d.sizeBytes()))
            .toList();
    state.vms.put(vm.name(), current);
    return SiteViews.vm(current, vcenterOfHost(current.host));
  }

  @Override
  public synchronized void detachDisks(String masterTarget, List<String> diskUuids) {
    MasterTargetState mt = mtFor(masterTarget);
    mt.attached.stream()
        .filter(a -> diskUuids.contains(a.disk().uuid()))
        .map(AttachedDisk::replicatedItem)
        .distinct()
        .forEach(owner -> counters(owner == null ? masterTarget : owner)[5]++);
    if (mt.vmotioned) {
      throw new SiteException(
          Rule.MT_STORAGE_VMOTIONED,
          "master target "
              + masterTarget
              + " was Storage-vMotioned; its attached disks moved and cannot be found");
    }
    mt.attached.removeIf(a -> diskUuids.contains(a.disk().uuid()));
  }

  // ---- AzureSide. ----

  private void configServer() {
    if (!state.configServerReachable) {
      throw new SiteException(
          Rule.CONFIG_SERVER_UNREACHABLE, "the configuration server is not reachable (port 443)");
    }
  }

  @Override
  public synchronized Optional<Replica> replica(String replicatedItem) {
    ReplicaState r = state.replicas.get(replicatedItem);
    if (r != null) {
      progress(r);
    }
    return Optional.ofNullable(r).map(SiteViews::replica);
  }

  @Override
  public synchronized List<Replica> replicas() {
    state.replicas.values().forEach(this::progress);
    return state.replicas.values().stream().map(SiteViews::replica).toList();
  }

  @Override
  public synchronized boolean configServerReachable() {
    return state.configServerReachable;
  }

  @Override
  public synchronized boolean inConfigServer(String replicatedItem) {
    configServer();
    ReplicaState r = state.replicas.get(replicatedItem);
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
    ReplicaState r = state.replicas.get(item);
    if (r == null) {
      throw new SiteException(
          Rule.REPLICA_NOT_FOUND, "no replica " + item + " (asked for its " + what + ")");
    }
    return r;
  }

  @Override
  public synchronized Optional<ProcessServer> processServer(String name) {
    return Optional.ofNullable(state.processServers.get(name))
        .map(p -> new ProcessServer(p.name, p.location, p.heartbeat));
  }

  @Override
  public synchronized List<ProcessServer> processServers() {
    return state.processServers.values().stream()
        .map(p -> new ProcessServer(p.name, p.location, p.heartbeat))
        .toList();
  }

  @Override
  public synchronized NetworkPaths network() {
    return state.network;
  }

  @Override
  public synchronized Set<Integer> closedFailbackPorts() {
    return state.closedPorts;
  }

  private void processServerUp(String name) {
    ProcessServerState ps = state.processServers.get(name);
    if (ps == null) {
      throw new SiteException(
          Rule.PROCESS_SERVER_NOT_REGISTERED,
          "process server " + name + " is not registered with the configuration server");
    }
    if (!ps.heartbeat) {
      throw new SiteException(
          Rule.PROCESS_SERVER_UNREACHABLE, "process server " + name + " has no heartbeat");
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
    long sent =
        switch (r.replication) {
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

  @Override
  public synchronized List<ProtectedReplication> protectedReplications() {
    state.replicas.values().forEach(this::progress);
    List<ProtectedReplication> out = new ArrayList<>();
    for (ReplicaState r : state.replicas.values()) {
      if (r.replication == ReplicationState.PROTECTED) {
        out.add(SiteViews.protectedReplication(r, now()));
      }
    }
    return out;
  }

  // ---- The whole state, for sharing one site between processes (SharedStateSite). ----

  /** The site's whole state (and its start instant) as JSON. */
  public synchronized String stateJson() {
    return StateCodec.write(state);
  }

  /**
   * Replaces the whole state (and the start instant) by one {@link #stateJson()} wrote, possibly in
   * another process. The options (time scale, clock) stay this site's.
   */
  public synchronized void restoreState(String json) {
    StateCodec.read(json, state);
  }

  /** How many times each action was asked for this VM (on-premises VM or replicated item name). */
  public synchronized SideEffects sideEffects(String vm) {
    int[] c = state.sideEffects.get(vm);
    return c == null ? SideEffects.NONE : new SideEffects(c[0], c[1], c[2], c[3], c[4], c[5], c[6]);
  }

  /** Every VM and its side effects, for a test that checks nothing was done twice. */
  public synchronized Map<String, SideEffects> allSideEffects() {
    Map<String, SideEffects> out = new LinkedHashMap<>();
    state.sideEffects.keySet().stream().sorted().forEach(k -> out.put(k, sideEffects(k)));
    return out;
  }
}
