package dev.reprotect.preflight;

import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.PreflightFacts.Fact;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.AzureSide.Location;
import dev.reprotect.site.AzureSide.Origin;
import dev.reprotect.site.AzureSide.ProcessServer;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.AzureSide.ReplicaDisk;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.HostType;
import dev.reprotect.site.OnPremSite.Licence;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.site.OnPremSite.VCenter;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Every single-VM preflight rule of the catalogue as a pure function: facts in, report out, no I/O.
 * All violations are reported at once; a check whose facts could not be read (or need a replica
 * that does not exist) is skipped, the others still run. The per-object checks are public so the
 * inventory can mark each choice of the Reprotect dialog eligible or not by the same rules.
 */
public final class PreflightRules {

  /** A newly added retention drive is listed by the configuration server within this time. */
  public static final Duration RETENTION_DRIVE_LISTING = Duration.ofMinutes(15);

  public static final String WINDOWS_RETENTION_DRIVE = "R:";
  public static final String LINUX_RETENTION_DRIVE = "/mnt/retention";

  private PreflightRules() {}

  /** Checks every rule against the facts; {@code ok} when no violation blocks. */
  public static PreflightReport evaluate(PreflightFacts facts) {
    ReprotectRequest request = facts.request();
    String item = request.replicatedItem();
    List<Violation> found = new ArrayList<>(facts.faults());

    // The request itself.
    if (request.direction() != null
        && !ReprotectRequest.AZURE_TO_ONPREM.equals(request.direction())) {
      found.add(
          Violation.of(
              Rule.DIRECTION_NOT_AZURE_TO_ONPREM,
              item,
              "the direction of protection is "
                  + request.direction()
                  + ", not "
                  + ReprotectRequest.AZURE_TO_ONPREM));
    }
    if (request.failbackPolicyGiven()) {
      found.add(
          Violation.of(
              Rule.FAILBACK_POLICY_FIXED,
              item,
              "the request sets a failback policy, but it is fixed at RPO 15 min, retention 24 h, app-consistent every 60 min"));
    }

    // The replica and the VM.
    Replica replica = facts.replica();
    if (facts.read(Fact.REPLICA)) {
      if (replica == null) {
        found.add(
            Violation.of(
                Rule.REPLICA_NOT_FOUND, item, "no replica VM " + item + " exists in Azure"));
      } else {
        found.addAll(replicaViolations(replica, request));
      }
    }
    if (replica != null && Boolean.FALSE.equals(facts.vmInConfigServer())) {
      found.add(
          Violation.of(
              Rule.VM_NOT_IN_CONFIG_SERVER,
              item,
              item + " is not in the configuration server's database"));
    }

    // Sites and servers.
    if (!facts.configServerReachable()
        && found.stream().noneMatch(v -> v.rule() == Rule.CONFIG_SERVER_UNREACHABLE)) {
      found.add(
          Violation.of(
              Rule.CONFIG_SERVER_UNREACHABLE,
              item,
              "the configuration server is not running or not connected to Azure"));
    }
    if (facts.read(Fact.NETWORK) && facts.network() != null) {
      if (!facts.network().any()) {
        found.add(
            Violation.of(
                Rule.NETWORK_PATH_MISSING,
                item,
                "there is neither a site-to-site VPN nor ExpressRoute private peering from Azure to on-premises"));
      }
      if (!facts.closedPorts().isEmpty()) {
        found.add(
            Violation.of(
                Rule.PORTS_CLOSED, item, "failback ports " + facts.closedPorts() + " are closed"));
      }
    }
    if (facts.read(Fact.PROCESS_SERVER)) {
      found.addAll(
          processServerViolations(
              item,
              request.processServer(),
              facts.processServer(),
              facts.read(Fact.NETWORK) ? facts.network() : null));
    }

    // vCenters.
    MasterTarget mt = facts.masterTarget();
    OnPremVm vm = facts.onPremVm();
    found.addAll(vcenterViolations(facts));

    // The master target and its host.
    OsType vmOs = replica != null ? replica.os() : vm != null ? vm.os() : null;
    RecoveryLocation location = location(request, vm);
    List<VirtualDisk> vmDisks = vmDisks(vm, replica, location);
    if (facts.read(Fact.MASTER_TARGET)) {
      if (mt == null) {
        found.add(
            Violation.of(
                Rule.ALTERNATE_VCENTER_NOT_DISCOVERED,
                item,
                request.masterTarget() == null
                    ? "no master target given"
                    : "master target "
                        + request.masterTarget()
                        + " is not discovered in any vCenter"));
      } else {
        found.addAll(
            masterTargetViolations(
                item, vmOs, vmDisks, mt, facts.masterTargetHost(), facts.datastores()));
        found.addAll(
            hostViolations(
                item, facts.masterTargetHost(), "master target " + mt.name() + "'s host"));
      }
    }
    if (location == RecoveryLocation.ORIGINAL
        && vm != null
        && facts.vmHost() != null
        && (facts.masterTargetHost() == null
            || !facts.vmHost().name().equals(facts.masterTargetHost().name()))) {
      found.addAll(hostViolations(item, facts.vmHost(), vm.name() + "'s host"));
    }

    // Datastores.
    boolean datastoresKnown = facts.read(Fact.DATASTORES) && facts.read(Fact.MASTER_TARGET);
    if (request.datastore() == null || request.datastore().isBlank()) {
      found.add(
          Violation.of(
              Rule.DATASTORE_REQUIRED,
              item,
              "no datastore given; one is required even when " + item + "'s disks already exist"));
    } else if (datastoresKnown && mt != null) {
      found.addAll(
          datastoreViolations(
              item,
              request.datastore(),
              facts.datastores().get(request.datastore()),
              mt,
              facts.masterTargetHost()));
    }
    if (facts.read(Fact.ONPREM_VM) && facts.read(Fact.MASTER_TARGET) && mt != null) {
      if (location == RecoveryLocation.ORIGINAL && vm == null) {
        found.add(
            Violation.of(
                Rule.DATASTORE_NOT_ACCESSIBLE,
                item,
                "original-location recovery asked, but the on-premises VM "
                    + PreflightFacts.onPremVmName(request, replica)
                    + " no longer exists, so its datastores cannot be written; choose ALTERNATE"));
      } else if (location == RecoveryLocation.ORIGINAL) {
        found.addAll(originalDatastoreViolations(item, vm, mt, facts.masterTargetHost()));
      }
    }

    // Retention drive.
    if (facts.read(Fact.MASTER_TARGET) && mt != null && facts.siteNow() != null) {
      String drive = retentionDrive(request, mt.os());
      found.addAll(retentionDriveViolations(item, drive, mt, facts.siteNow()));
    }

    List<Violation> blocking = found.stream().filter(Violation::blocking).toList();
    List<Violation> warnings = found.stream().filter(v -> !v.blocking()).toList();
    ResolvedTarget target =
        !facts.read(Fact.REPLICA) || !facts.read(Fact.ONPREM_VM) || replica == null
            ? null
            : new ResolvedTarget(
                location == RecoveryLocation.ORIGINAL && vm != null ? vm.name() : null,
                location,
                vmOs,
                vmDisks.stream().map(VirtualDisk::name).toList(),
                replica.replicationGroup(),
                retentionDrive(request, mt != null ? mt.os() : vmOs));
    return new PreflightReport(blocking.isEmpty(), blocking, warnings, target);
  }

  /** The request's location, else ORIGINAL when the on-premises VM exists, else ALTERNATE. */
  public static RecoveryLocation location(ReprotectRequest request, OnPremVm vm) {
    if (request.recoveryLocation() != null) {
      return request.recoveryLocation();
    }
    return vm != null ? RecoveryLocation.ORIGINAL : RecoveryLocation.ALTERNATE;
  }

  /**
   * The request's retention drive, else the default of the OS ({@code R:}, {@code /mnt/retention}).
   */
  public static String retentionDrive(ReprotectRequest request, OsType os) {
    if (request.retentionDrive() != null && !request.retentionDrive().isBlank()) {
      return request.retentionDrive();
    }
    return defaultRetentionDrive(os);
  }

  public static String defaultRetentionDrive(OsType os) {
    return os == OsType.LINUX ? LINUX_RETENTION_DRIVE : WINDOWS_RETENTION_DRIVE;
  }

  /**
   * The VM's disks: the on-premises VM's for original-location recovery, the replica's (to be
   * created) otherwise; empty when neither is known.
   */
  public static List<VirtualDisk> vmDisks(OnPremVm vm, Replica replica, RecoveryLocation location) {
    if (location == RecoveryLocation.ORIGINAL && vm != null) {
      return vm.disks();
    }
    if (replica != null) {
      return replica.disks().stream().map(PreflightRules::asDisk).toList();
    }
    return vm != null ? vm.disks() : List.of();
  }

  private static VirtualDisk asDisk(ReplicaDisk disk) {
    return new VirtualDisk(disk.name(), disk.uuid(), null, disk.sizeBytes());
  }

  /** The rules about the replica VM: protection, origin, resource group, OS, replication group. */
  public static List<Violation> replicaViolations(Replica replica, ReprotectRequest request) {
    String item = replica.name();
    List<Violation> found = new ArrayList<>();
    if (!replica.protectionEnabled()) {
      found.add(
          Violation.of(
              Rule.REPLICA_NOT_PROTECTED,
              item,
              "protection of " + item + " is disabled (state " + replica.protectionState() + ")"));
    }
    if (replica.origin() == Origin.CREATED_IN_AZURE) {
      found.add(
          Violation.of(
              Rule.VM_CREATED_IN_AZURE,
              item,
              item + " was created in Azure, not protected on-premises and failed over"));
    }
    if (replica.migrated()) {
      found.add(
          Violation.of(Rule.VM_MIGRATED, item, item + " was migrated to Azure, not failed over"));
    }
    if (replica.movedResourceGroup()) {
      found.add(
          Violation.of(
              Rule.VM_MOVED_RESOURCE_GROUP,
              item,
              "replica " + item + " was moved to another resource group"));
    }
    if (replica.protectedAsPhysical() && isWs2008R2Sp1(replica.osVersion())) {
      found.add(
          Violation.of(
              Rule.PHYSICAL_WS2008R2SP1,
              item,
              item + " runs " + replica.osVersion() + " and was protected as a physical server"));
    }
    if (replica.replicationGroup() != null && request.plan() == null) {
      found.add(
          Violation.of(
              Rule.GROUP_REQUIRES_RECOVERY_PLAN,
              item,
              item
                  + " is in replication group "
                  + replica.replicationGroup()
                  + "; reprotect recovery plan "
                  + (replica.recoveryPlan() == null ? "(none yet)" : replica.recoveryPlan())
                  + " instead"));
    }
    return found;
  }

  static boolean isWs2008R2Sp1(String osVersion) {
    if (osVersion == null) {
      return false;
    }
    String v = osVersion.toUpperCase(Locale.ROOT);
    return v.contains("2008 R2") && v.contains("SP1");
  }

  /**
   * The process server must be registered (a name the configuration server does not know is a
   * mistake: refused at once, not retried as an outage) and have a heartbeat; with only a S2S VPN,
   * prefer one in Azure.
   */
  public static List<Violation> processServerViolations(
      String item,
      String name,
      ProcessServer ps,
      dev.reprotect.site.AzureSide.NetworkPaths network) {
    List<Violation> found = new ArrayList<>();
    if (ps == null) {
      found.add(
          Violation.of(
              Rule.PROCESS_SERVER_NOT_REGISTERED,
              item,
              name == null
                  ? "no process server given"
                  : "process server " + name + " is not registered with the configuration server"));
      return found;
    }
    if (!ps.heartbeat()) {
      found.add(
          Violation.of(
              Rule.PROCESS_SERVER_UNREACHABLE,
              item,
              "process server " + ps.name() + " has no heartbeat with the configuration server"));
    }
    if (network != null
        && network.siteToSiteVpn()
        && !network.expressRoutePrivatePeering()
        && ps.location() != Location.AZURE) {
      found.add(
          Violation.of(
              Rule.PROCESS_SERVER_REMOTE_OVER_VPN,
              item,
              "process server "
                  + ps.name()
                  + " is "
                  + ps.location()
                  + " and the only path back is a site-to-site VPN"));
    }
    return found;
  }

  private static List<Violation> vcenterViolations(PreflightFacts facts) {
    String item = facts.request().replicatedItem();
    List<Violation> found = new ArrayList<>();
    MasterTarget mt = facts.masterTarget();
    Set<String> involved = new LinkedHashSet<>();
    if (mt != null) {
      involved.add(mt.vcenter());
    }
    if (facts.onPremVm() != null) {
      involved.add(facts.onPremVm().vcenter());
    }
    boolean disconnectedReported =
        facts.faults().stream().anyMatch(v -> v.rule() == Rule.VCENTER_DISCONNECTED);
    for (String name : involved) {
      VCenter vc = facts.vcenters().get(name);
      if (vc == null) {
        continue;
      }
      if (!vc.connected() && !disconnectedReported) {
        found.add(
            Violation.of(Rule.VCENTER_DISCONNECTED, item, "vCenter " + name + " is disconnected"));
        disconnectedReported = true;
      }
      if (vc.readOnlyAccount()) {
        found.add(
            Violation.of(
                Rule.VCENTER_READ_ONLY_ACCOUNT,
                item,
                "vCenter "
                    + name
                    + " is discovered with a read-only account, so its datastores cannot be discovered"));
      }
    }
    String source =
        facts.onPremVm() != null
            ? facts.onPremVm().vcenter()
            : facts.replica() != null ? facts.replica().sourceVCenter() : null;
    if (mt != null && source != null && !source.equals(mt.vcenter())) {
      VCenter alternate = facts.vcenters().get(mt.vcenter());
      if (alternate == null || !alternate.discovered()) {
        found.add(
            Violation.of(
                Rule.ALTERNATE_VCENTER_NOT_DISCOVERED,
                item,
                "alternate vCenter "
                    + mt.vcenter()
                    + " (of master target "
                    + mt.name()
                    + ") is not discovered; "
                    + item
                    + " came from vCenter "
                    + source));
      } else if (!mt.discovered()) {
        found.add(
            Violation.of(
                Rule.ALTERNATE_VCENTER_NOT_DISCOVERED,
                item,
                "master target "
                    + mt.name()
                    + " on alternate vCenter "
                    + mt.vcenter()
                    + " is not discovered"));
      }
    }
    return found;
  }

  /** Fail back only to an ESXi host, and not a free 5.5 / 6.x edition. */
  public static List<Violation> hostViolations(String item, Host host, String role) {
    List<Violation> found = new ArrayList<>();
    if (host == null) {
      return found;
    }
    if (host.type() != HostType.ESXI) {
      found.add(
          Violation.of(
              Rule.TARGET_NOT_ESXI,
              item,
              role + " " + host.name() + " is " + host.type() + ", not an ESXi host"));
    } else if (host.licence() == Licence.FREE && isFreeEditionWithoutFailback(host.version())) {
      found.add(
          Violation.of(
              Rule.FREE_ESXI_EDITION,
              item,
              role + " " + host.name() + " runs the free edition of ESXi " + host.version()));
    }
    return found;
  }

  private static boolean isFreeEditionWithoutFailback(String version) {
    return version != null && (version.startsWith("5.5") || version.startsWith("6."));
  }

  /**
   * The master target's own rules (snapshots, OS, controller, tools, EnableUUID, VMFS datastore)
   * and those it has with this VM (disk limit, disk UUIDs).
   *
   * @param vmOs null when unknown (then not compared)
   */
  public static List<Violation> masterTargetViolations(
      String item,
      OsType vmOs,
      List<VirtualDisk> vmDisks,
      MasterTarget mt,
      Host mtHost,
      Map<String, Datastore> datastores) {
    return MasterTargetRules.masterTargetViolations(item, vmOs, vmDisks, mt, mtHost, datastores);
  }

  /** The chosen datastore: known, not NFS, mounted on the master target's host. */
  public static List<Violation> datastoreViolations(
      String item, String name, Datastore datastore, MasterTarget mt, Host mtHost) {
    return MasterTargetRules.datastoreViolations(item, name, datastore, mt, mtHost);
  }

  /**
   * For original-location recovery: the VM's own datastores mounted read/write on the master
   * target's host.
   */
  public static List<Violation> originalDatastoreViolations(
      String item, OnPremVm vm, MasterTarget mt, Host mtHost) {
    return MasterTargetRules.originalDatastoreViolations(item, vm, mt, mtHost);
  }

  /** The retention drive: a suitable volume of that master target, listed already. */
  public static List<Violation> retentionDriveViolations(
      String item, String drive, MasterTarget mt, Instant now) {
    return MasterTargetRules.retentionDriveViolations(item, drive, mt, now);
  }
}
