package dev.reprotect.simulated;

import dev.reprotect.site.AzureSide;
import dev.reprotect.site.OnPremSite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One SIMULATED site shared by several processes (e.g. two worker processes against one Temporal)
 * through a state file: around every port call it takes an exclusive lock ({@code <file>.lock}),
 * loads the latest state into its {@link SimulatedSite}, makes the call, and, when the state
 * changed, writes it back atomically (a temporary file renamed over the state file) before
 * unlocking. A VM powered off through one process is then off for every other, and side effects are
 * counted once for all of them.
 *
 * <p>The first process to open the file creates it from its own inventory, start instant included
 * (agent registration is timed from it); later ones take the file's state and ignore their own. A
 * process killed mid-call leaves the file as it was before the call (the rename is atomic and the
 * operating system releases the lock of a dead process): the call never happened.
 *
 * <p>Every process must run the same inventory and time scale. This is a test fixture, not a
 * database: each call reads and writes the whole state.
 */
public final class SharedStateSite implements OnPremSite, AzureSide {

  /**
   * One lock per state file in this JVM: a file lock is held per process, so two sites of one
   * process on one file (tests) take turns here before they take the file lock.
   */
  private static final java.util.concurrent.ConcurrentMap<
          Path, java.util.concurrent.locks.ReentrantLock>
      IN_PROCESS = new java.util.concurrent.ConcurrentHashMap<>();

  private final SimulatedSite site;
  private final Path file;
  private final java.util.concurrent.locks.ReentrantLock inProcess;
  private final Path lockFile;
  private final Path temporary;

  /** The state file's content this process last read or wrote (then {@link #site} holds it). */
  private String known;

  private SharedStateSite(SimulatedSite site, Path file) {
    this.site = site;
    this.file = file.toAbsolutePath().normalize();
    this.inProcess =
        IN_PROCESS.computeIfAbsent(this.file, f -> new java.util.concurrent.locks.ReentrantLock());
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.temporary = this.file.resolveSibling(this.file.getFileName() + ".tmp");
  }

  /**
   * Shares {@code site} through {@code file}: creates the file from the site's state when it does
   * not exist (or is empty), else replaces the site's state by the file's.
   */
  public static SharedStateSite open(SimulatedSite site, Path file) {
    SharedStateSite shared = new SharedStateSite(site, file);
    try {
      Path parent = shared.file.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + file, e);
    }
    shared.update(s -> {});
    return shared;
  }

  /** The state file. */
  public Path file() {
    return file;
  }

  /**
   * Runs {@code action} on the site holding the latest shared state, under the lock; saves changes.
   */
  public <T> T call(Function<SimulatedSite, T> action) {
    inProcess.lock();
    try {
      return locked(action);
    } finally {
      inProcess.unlock();
    }
  }

  private <T> T locked(Function<SimulatedSite, T> action) {
    try (FileChannel channel =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.lock()) {
      String current = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      if (!current.isBlank() && !current.equals(known)) {
        site.restoreState(current);
      }
      known = current.isBlank() ? null : current;
      try {
        return action.apply(site);
      } finally {
        // Saved even when the call failed: a call may count a side effect, then refuse.
        String after = site.stateJson();
        if (!after.equals(known)) {
          Files.writeString(temporary, after, StandardCharsets.UTF_8);
          Files.move(
              temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
          known = after;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(
          "simulated site state file " + file + ": " + e.getMessage(), e);
    }
  }

  /** Changes the shared site (the test hooks: power a VM on, disconnect a server...). */
  public void update(Consumer<SimulatedSite> action) {
    call(
        s -> {
          action.accept(s);
          return null;
        });
  }

  /** Side effects counted by every process sharing the file. */
  public SideEffects sideEffects(String vm) {
    return call(s -> s.sideEffects(vm));
  }

  // ---- OnPremSite. ----

  @Override
  public Instant now() {
    return call(SimulatedSite::now);
  }

  @Override
  public Optional<OnPremVm> vm(String name) {
    return call(s -> s.vm(name));
  }

  @Override
  public Optional<MasterTarget> masterTarget(String name) {
    return call(s -> s.masterTarget(name));
  }

  @Override
  public List<MasterTarget> masterTargets() {
    return call(SimulatedSite::masterTargets);
  }

  @Override
  public Optional<Host> host(String name) {
    return call(s -> s.host(name));
  }

  @Override
  public Optional<Datastore> datastore(String name) {
    return call(s -> s.datastore(name));
  }

  @Override
  public List<Datastore> datastores() {
    return call(SimulatedSite::datastores);
  }

  @Override
  public Optional<VCenter> vcenter(String name) {
    return call(s -> s.vcenter(name));
  }

  @Override
  public void removeSnapshots(String vm, List<String> snapshotIds) {
    update(s -> s.removeSnapshots(vm, snapshotIds));
  }

  @Override
  public void powerOff(String vm) {
    update(s -> s.powerOff(vm));
  }

  @Override
  public void attachDisks(String masterTarget, String replicatedItem, List<VirtualDisk> disks) {
    update(s -> s.attachDisks(masterTarget, replicatedItem, disks));
  }

  @Override
  public OnPremVm createVm(NewVm vm) {
    return call(s -> s.createVm(vm));
  }

  @Override
  public void detachDisks(String masterTarget, List<String> diskUuids) {
    update(s -> s.detachDisks(masterTarget, diskUuids));
  }

  // ---- AzureSide. ----

  @Override
  public Optional<Replica> replica(String replicatedItem) {
    return call(s -> s.replica(replicatedItem));
  }

  @Override
  public List<Replica> replicas() {
    return call(SimulatedSite::replicas);
  }

  @Override
  public boolean configServerReachable() {
    return call(SimulatedSite::configServerReachable);
  }

  @Override
  public boolean inConfigServer(String replicatedItem) {
    return call(s -> s.inConfigServer(replicatedItem));
  }

  @Override
  public AgentStatus agent(String replicatedItem) {
    return call(s -> s.agent(replicatedItem));
  }

  @Override
  public Optional<ProcessServer> processServer(String name) {
    return call(s -> s.processServer(name));
  }

  @Override
  public List<ProcessServer> processServers() {
    return call(SimulatedSite::processServers);
  }

  @Override
  public NetworkPaths network() {
    return call(SimulatedSite::network);
  }

  @Override
  public Set<Integer> closedFailbackPorts() {
    return call(SimulatedSite::closedFailbackPorts);
  }

  @Override
  public void startReplication(ReplicationSpec spec) {
    update(s -> s.startReplication(spec));
  }

  @Override
  public ReplicationStatus replication(String replicatedItem) {
    return call(s -> s.replication(replicatedItem));
  }

  @Override
  public void stopReplication(String replicatedItem) {
    update(s -> s.stopReplication(replicatedItem));
  }

  @Override
  public List<ProtectedReplication> protectedReplications() {
    return call(SimulatedSite::protectedReplications);
  }
}
