package dev.reprotect.vcenter;

import dev.reprotect.inventory.OsType;
import dev.reprotect.rules.Rule;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.SiteException;
import dev.reprotect.vcenter.Vim25Client.ObjectContent;
import io.temporal.activity.Activity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The on-premises port over a real vCenter (vim25 SOAP through {@link Vim25Client}).
 *
 * <p>Reads go through the PropertyCollector; actions start a vCenter task and wait for it, calling
 * the progress callback (the activity's heartbeat) between polls. Each action reads the state first
 * and does only what is missing, so running it twice changes nothing the second time. Faults map to
 * rules: an unreachable vCenter, a lost host or a refused login is VCENTER_DISCONNECTED
 * (transient), a permission fault is VCENTER_READ_ONLY_ACCOUNT, a datastore or VMDK the host cannot
 * reach is DATASTORE_NOT_ACCESSIBLE; every message names the object. Other faults propagate as
 * {@link VimFault} (the activity's retry policy applies).
 *
 * <p>Disks attached to a master target for a replicated item are tagged in the master target's
 * {@code extraConfig} ({@code reprotect.disk.<uuid>=<item>}, emptied on detach; the last value of a
 * key wins), with vCenter's time of the attach ({@code reprotect.attachedAt.<uuid>}) and the disk's
 * file then ({@code reprotect.attachedPath.<uuid>}). A disk's UUID is its backing's {@code uuid},
 * else its file name.
 *
 * <p>A master target was Storage-vMotioned since disks were attached to it (MT_STORAGE_VMOTIONED)
 * when vCenter recorded a relocation or migration of it that changed its datastore ({@link
 * #RELOCATION_EVENTS} with {@code sourceDatastore} other than {@code ds}) after the earliest attach
 * time, or when an attached disk's file is no longer the one attached (what a Storage vMotion does
 * to the disks it moves; this also catches a move whose events vCenter no longer keeps).
 *
 * <p>{@link #close()} logs the vCenter session out.
 */
public final class VCenterSite implements OnPremSite, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VCenterSite.class);
  static final String[] VM_PROPS = {
    "name", "runtime.powerState", "runtime.host", "config.guestId", "config.hardware.device",
    "config.extraConfig", "snapshot", "guest.toolsStatus", "guest.toolsRunningStatus", "guest.disk"
  };
  private static final Set<String> DISCONNECTED =
      Set.of(
          "Disconnected",
          "NotAuthenticated",
          "InvalidLogin",
          "HostNotConnected",
          "HostCommunication",
          "HostNotReachable",
          "RequestCanceled",
          "Timedout",
          "NoHost");
  static final Set<String> PERMISSION =
      Set.of("NoPermission", "NotAuthorized", "RestrictedVersion");
  private static final Set<String> DATASTORE =
      Set.of(
          "InvalidDatastore",
          "InaccessibleDatastore",
          "DatastoreNotWritableOnHost",
          "InvalidDatastorePath",
          "FileNotFound",
          "FileLocked",
          "NoDiskSpace",
          "CannotAccessFile");
  static final String TAG = "reprotect.disk.";
  static final String ATTACHED_AT = "reprotect.attachedAt.";
  static final String ATTACHED_PATH = "reprotect.attachedPath.";

  /**
   * vCenter's events for a VM moved: a relocation (cold, or Storage vMotion through
   * RelocateVM_Task), a migration (vMotion, Storage vMotion) and Storage DRS's migration.
   */
  static final List<String> RELOCATION_EVENTS =
      List.of("VmRelocatedEvent", "VmMigratedEvent", "DrsVmMigratedEvent");

  /**
   * @param name the vCenter's name as the configuration server knows it (replicas' {@code
   *     sourceVCenter}); every VM and host read here belongs to it
   * @param masterTargets the VMs that are master targets (empty: any VM can be asked for as one)
   * @param taskTimeout how long one vCenter task may run
   */
  public record Settings(String name, List<String> masterTargets, Duration taskTimeout) {}

  private final Vim25Client client;
  private final Settings settings;
  private final VCenterMapping mapping;
  private final VCenterTasks tasks;
  private final VCenterDisks masterTargetDisks;

  public VCenterSite(Vim25Client client, Settings settings, Runnable onTaskPoll) {
    this.client = client;
    this.settings = settings;
    this.mapping = new VCenterMapping(client, settings.name());
    this.tasks = new VCenterTasks(client, settings.taskTimeout(), onTaskPoll, settings.name());
    this.masterTargetDisks = new VCenterDisks(client, tasks, settings.name());
  }

  /** A progress callback that heartbeats the current activity, if any. */
  public static Runnable activityHeartbeat() {
    return () -> {
      try {
        Activity.getExecutionContext().heartbeat("waiting for vCenter task");
      } catch (IllegalStateException notInActivity) {
        // called outside an activity (tests, preflight reads): nothing to heartbeat
      }
    };
  }

  public Vim25Client client() {
    return client;
  }

  /** Logs the vCenter session out (the worker's shutdown). */
  @Override
  public void close() {
    client.logout();
  }

  @Override
  public String toString() {
    return "VCenterSite[" + settings.name() + " " + client.url() + "]";
  }

  // ---- Reads. ----

  @Override
  public Instant now() {
    return guard("reading the time", client::currentTime);
  }

  @Override
  public Optional<OnPremVm> vm(String name) {
    return guard(
        "reading VM " + name,
        () ->
            find("VirtualMachine", name)
                .map(
                    ref -> {
                      Tables t = tables();
                      return mapping.toVm(client.properties(ref, VM_PROPS), t);
                    }));
  }

  /** A VM by instance UUID (SearchIndex.FindByUuid); empty when none. */
  public Optional<OnPremVm> vmByInstanceUuid(String uuid) {
    return guard(
        "finding VM by instance UUID " + uuid,
        () ->
            Optional.ofNullable(client.findVmByUuid(uuid, true))
                .map(ref -> mapping.toVm(client.properties(ref, VM_PROPS), tables())));
  }

  @Override
  public Optional<MasterTarget> masterTarget(String name) {
    if (!settings.masterTargets().isEmpty() && !settings.masterTargets().contains(name)) {
      return Optional.empty();
    }
    return guard(
        "reading master target " + name,
        () ->
            find("VirtualMachine", name)
                .map(ref -> mapping.toMasterTarget(client.properties(ref, VM_PROPS), tables())));
  }

  @Override
  public List<MasterTarget> masterTargets() {
    return guard(
        "reading master targets",
        () -> {
          Tables t = tables();
          List<MasterTarget> out = new ArrayList<>();
          for (ObjectContent vm : client.all("VirtualMachine", "name")) {
            if (settings.masterTargets().contains(vm.text("name"))) {
              out.add(mapping.toMasterTarget(client.properties(vm.obj(), VM_PROPS), t));
            }
          }
          return out;
        });
  }

  @Override
  public Optional<Host> host(String name) {
    return guard(
        "reading host " + name,
        () ->
            find("HostSystem", name)
                .map(
                    ref -> {
                      ObjectContent h =
                          client.properties(ref, "name", "summary.config.product", "datastore");
                      Tables t = tables();
                      Element product = h.prop("summary.config.product");
                      String productName = Xml.text(product, "name");
                      HostType type =
                          productName == null || productName.contains("ESX")
                              ? HostType.ESXI
                              : HostType.PHYSICAL;
                      List<DatastoreMount> mounts = new ArrayList<>();
                      for (Element ds : Xml.children(h.prop("datastore"))) {
                        ObjectContent d = t.datastores().get(Xml.text(ds));
                        if (d == null || VCenterMapping.datastoreType(d) == null) {
                          continue;
                        }
                        MountAccess access = MountAccess.READ_WRITE;
                        boolean mounted = true;
                        for (Element m : Xml.children(d.prop("host"))) {
                          if (ref.value().equals(Xml.text(m, "key"))) {
                            access =
                                "readOnly".equals(Xml.text(m, "mountInfo.accessMode"))
                                    ? MountAccess.READ_ONLY
                                    : MountAccess.READ_WRITE;
                            mounted = !"false".equals(Xml.text(m, "mountInfo.mounted"));
                          }
                        }
                        if (mounted) {
                          mounts.add(new DatastoreMount(d.text("name"), access));
                        }
                      }
                      return new Host(
                          name,
                          type,
                          Xml.text(product, "version"),
                          mapping.licence(ref, product),
                          settings.name(),
                          mounts);
                    }));
  }

  @Override
  public Optional<Datastore> datastore(String name) {
    return datastores().stream().filter(d -> d.name().equals(name)).findFirst();
  }

  @Override
  public List<Datastore> datastores() {
    return guard(
        "reading datastores",
        () ->
            tables().datastores().values().stream()
                .filter(d -> VCenterMapping.datastoreType(d) != null)
                .map(
                    d ->
                        new Datastore(
                            d.text("name"),
                            VCenterMapping.datastoreType(d),
                            VCenterMapping.parseLong(d.text("summary.capacity"))))
                .toList());
  }

  @Override
  public Optional<VCenter> vcenter(String name) {
    if (!settings.name().equals(name)) {
      return Optional.empty();
    }
    try {
      client.currentTime();
    } catch (VimFault f) {
      if (f instanceof VimFault.Disconnected || DISCONNECTED.contains(f.type())) {
        LOG.info("vCenter {} is not connected: {}", name, f.getMessage());
        return Optional.of(new VCenter(name, false, true, false));
      }
      throw translate(f, "reading the time");
    }
    try {
      // Discovery: an account that may not list datastores is a read-only discovery account.
      client.all("Datastore", "name");
      return Optional.of(new VCenter(name, true, true, false));
    } catch (VimFault f) {
      if (PERMISSION.contains(f.type())) {
        return Optional.of(new VCenter(name, true, true, true));
      }
      throw translate(f, "discovering datastores");
    }
  }

  // ---- Actions. ----

  @Override
  public void removeSnapshots(String vm, List<String> snapshotIds) {
    guard(
        "removing snapshots of VM " + vm,
        () -> {
          MoRef ref = find("VirtualMachine", vm).orElseThrow(() -> notFound("VM", vm));
          tasks.followRunning("RemoveAllSnapshots_Task", ref);
          List<Snapshot> present =
              VCenterMapping.snapshots(client.properties(ref, "snapshot").prop("snapshot"));
          Set<String> wanted = new TreeSet<>(snapshotIds);
          List<Snapshot> todo = present.stream().filter(s -> wanted.contains(s.id())).toList();
          if (todo.isEmpty()) {
            return null;
          }
          if (todo.size() == present.size()) {
            tasks.run("RemoveAllSnapshots_Task", ref, Xml.el("consolidate", true));
          } else {
            for (Snapshot s : todo) {
              MoRef snapshot = new MoRef("VirtualMachineSnapshot", s.id());
              if (!tasks.followRunning("RemoveSnapshot_Task", snapshot)) {
                tasks.run(
                    "RemoveSnapshot_Task",
                    snapshot,
                    Xml.el("removeChildren", false) + Xml.el("consolidate", true));
              }
            }
          }
          LOG.info("vCenter {}: removed {} snapshot(s) of {}", settings.name(), todo.size(), vm);
          return null;
        });
  }

  @Override
  public void powerOff(String vm) {
    guard(
        "powering off VM " + vm,
        () -> {
          MoRef ref = find("VirtualMachine", vm).orElseThrow(() -> notFound("VM", vm));
          tasks.followRunning("PowerOffVM_Task", ref);
          if ("poweredOff"
              .equals(client.properties(ref, "runtime.powerState").text("runtime.powerState"))) {
            return null;
          }
          try {
            tasks.run("PowerOffVM_Task", ref, "");
          } catch (VimFault f) {
            if (!f.is("InvalidPowerState")
                || !"poweredOff"
                    .equals(
                        client.properties(ref, "runtime.powerState").text("runtime.powerState"))) {
              throw f;
            }
          }
          LOG.info("vCenter {}: powered off {}", settings.name(), vm);
          return null;
        });
  }

  @Override
  public void attachDisks(String masterTarget, String replicatedItem, List<VirtualDisk> disks) {
    guard(
        "attaching disks to master target " + masterTarget,
        () -> {
          MoRef ref =
              find("VirtualMachine", masterTarget)
                  .orElseThrow(() -> notFound("master target", masterTarget));
          int attached = masterTargetDisks.attach(ref, masterTarget, replicatedItem, disks);
          if (attached == 0) {
            return null;
          }
          LOG.info(
              "vCenter {}: attached {} disk(s) of {} to {}",
              settings.name(),
              attached,
              replicatedItem,
              masterTarget);
          return null;
        });
  }

  @Override
  public OnPremVm createVm(NewVm vm) {
    return guard(
        "creating VM " + vm.name() + " on host " + vm.host(),
        () -> {
          Optional<MoRef> existing = find("VirtualMachine", vm.name());
          if (existing.isPresent()) {
            return mapping.toVm(client.properties(existing.get(), VM_PROPS), tables());
          }
          MoRef host = find("HostSystem", vm.host()).orElseThrow(() -> notFound("host", vm.host()));
          Tables t = tables();
          masterTargetDisks.requireMounted(vm.datastore(), host.value(), t, "new VM " + vm.name());
          MoRef compute = MoRef.of(client.properties(host, "parent").prop("parent"));
          MoRef pool = MoRef.of(client.properties(compute, "resourcePool").prop("resourcePool"));
          MoRef datacenter = datacenter(compute);
          MoRef folder = MoRef.of(client.properties(datacenter, "vmFolder").prop("vmFolder"));
          String dir = "[" + vm.datastore() + "] " + vm.name();
          try {
            client.call(
                "MakeDirectory",
                Xml.ref("_this", client.serviceContent().fileManager())
                    + Xml.el("name", dir)
                    + Xml.ref("datacenter", datacenter)
                    + Xml.el("createParentDirectories", true));
          } catch (VimFault f) {
            if (!f.is("FileAlreadyExists")) {
              throw f;
            }
          }
          StringBuilder spec =
              new StringBuilder()
                  .append(Xml.el("name", vm.name()))
                  .append(
                      Xml.el(
                          "guestId",
                          vm.os() == OsType.WINDOWS
                              ? "windows9Server64Guest"
                              : "otherLinux64Guest"))
                  .append("<files>")
                  .append(Xml.el("vmPathName", "[" + vm.datastore() + "]"))
                  .append("</files>")
                  .append(Xml.el("numCPUs", 2))
                  .append(Xml.el("memoryMB", 4096))
                  .append(
                      "<deviceChange><operation>add</operation><device xsi:type=\"VirtualLsiLogicController\">")
                  .append(
                      "<key>-100</key><busNumber>0</busNumber><sharedBus>noSharing</sharedBus></device></deviceChange>");
          int unit = 0;
          int key = -101;
          for (int i = 0; i < vm.disks().size(); i++) {
            NewDisk d = vm.disks().get(i);
            if (unit == 7) {
              unit++;
            }
            spec.append(
                    "<deviceChange><operation>add</operation><fileOperation>create</fileOperation>")
                .append("<device xsi:type=\"VirtualDisk\"><key>")
                .append(key--)
                .append("</key>")
                .append("<backing xsi:type=\"VirtualDiskFlatVer2BackingInfo\">")
                .append(Xml.el("fileName", dir + "/" + vm.name() + "_" + i + ".vmdk"))
                .append(Xml.el("diskMode", "persistent"))
                .append(Xml.el("thinProvisioned", true))
                .append("</backing><controllerKey>-100</controllerKey>")
                .append(Xml.el("unitNumber", unit++))
                .append(Xml.el("capacityInKB", Math.max(1, d.sizeBytes() / 1024)))
                .append("</device></deviceChange>");
          }
          tasks.run(
              "CreateVM_Task",
              folder,
              "<config>" + spec + "</config>" + Xml.ref("pool", pool) + Xml.ref("host", host));
          LOG.info(
              "vCenter {}: created VM {} on {} with {} disk(s) on {}",
              settings.name(),
              vm.name(),
              vm.host(),
              vm.disks().size(),
              vm.datastore());
          MoRef created =
              find("VirtualMachine", vm.name()).orElseThrow(() -> notFound("VM", vm.name()));
          return mapping.toVm(client.properties(created, VM_PROPS), tables());
        });
  }

  @Override
  public void detachDisks(String masterTarget, List<String> diskUuids) {
    guard(
        "detaching disks from master target " + masterTarget,
        () -> {
          MoRef ref =
              find("VirtualMachine", masterTarget)
                  .orElseThrow(() -> notFound("master target", masterTarget));
          int n = masterTargetDisks.detach(ref, diskUuids);
          if (n == 0) {
            return null;
          }
          LOG.info("vCenter {}: detached {} disk(s) from {}", settings.name(), n, masterTarget);
          return null;
        });
  }

  // ---- Helpers. ----

  private Optional<MoRef> find(String type, String name) {
    return client.all(type, "name").stream()
        .filter(o -> name.equals(o.text("name")))
        .map(ObjectContent::obj)
        .findFirst();
  }

  private MoRef datacenter(MoRef start) {
    MoRef at = start;
    for (int i = 0; i < 32 && at != null; i++) {
      if (at.type().equals("Datacenter")) {
        return at;
      }
      at = MoRef.of(client.properties(at, "parent").prop("parent"));
    }
    throw new VimFault("ManagedObjectNotFound", "no datacenter above " + start, start.toString());
  }

  private VimFault notFound(String what, String name) {
    return new VimFault(
        "ManagedObjectNotFound", what + " " + name + " is not in vCenter " + settings.name(), name);
  }

  /** Runs a read or action, turning vCenter faults into the port's rule faults. */
  private <T> T guard(String what, Supplier<T> body) {
    try {
      return body.get();
    } catch (VimFault f) {
      throw translate(f, what);
    }
  }

  /** A vCenter fault as a rule fault when one applies; else the fault itself. */
  RuntimeException translate(VimFault f, String what) {
    String where = "vCenter " + settings.name() + " (" + client.url() + ")";
    if (f instanceof VimFault.Disconnected || DISCONNECTED.contains(f.type())) {
      String why =
          switch (f.type()) {
            case "InvalidLogin" -> "refused the login of its account (wrong user name or password)";
            case "NotAuthenticated" -> "ended the session and refused a new one";
            case "Disconnected" -> "cannot be reached";
            default -> "reports " + f.type();
          };
      return new SiteException(
          Rule.VCENTER_DISCONNECTED, where + " " + why + " while " + what + ": " + f.getMessage());
    }
    if (PERMISSION.contains(f.type())) {
      return new SiteException(
          Rule.VCENTER_READ_ONLY_ACCOUNT,
          "the account of "
              + where
              + " lacks permission on "
              + (f.object() == null ? "the object" : f.object())
              + " while "
              + what
              + " ("
              + f.type()
              + ")");
    }
    if (DATASTORE.contains(f.type())) {
      return new SiteException(
          Rule.DATASTORE_NOT_ACCESSIBLE,
          where
              + " cannot reach "
              + (f.object() == null ? "a datastore file" : f.object())
              + " while "
              + what
              + " ("
              + f.type()
              + ")");
    }
    return f;
  }

  /** The datastores and host names, read once per operation. */
  private Tables tables() {
    return Tables.read(client);
  }
}
