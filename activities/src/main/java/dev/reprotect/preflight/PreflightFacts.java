package dev.reprotect.preflight;

import dev.reprotect.activities.SiteFailures;
import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.AzureSide.NetworkPaths;
import dev.reprotect.site.AzureSide.ProcessServer;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.site.OnPremSite.VCenter;
import dev.reprotect.site.SiteException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What the preflight rules need to know about one request, read through the ports. A fact that
 * could not be read is listed in {@code unread} (its field is then null) and the fault that hid it
 * is in {@code faults}, e.g. a transient CONFIG_SERVER_UNREACHABLE.
 *
 * @param replica null when not found (or unread)
 * @param onPremVm the replica's on-premises original; null when it no longer exists (or unread)
 * @param masterTarget null when unknown (or unread)
 * @param processServer null when unknown (or unread)
 * @param vmInConfigServer null when unread or no replica
 */
public record PreflightFacts(
    ReprotectRequest request,
    Instant siteNow,
    Replica replica,
    OnPremVm onPremVm,
    Host vmHost,
    MasterTarget masterTarget,
    Host masterTargetHost,
    Map<String, Datastore> datastores,
    Map<String, VCenter> vcenters,
    ProcessServer processServer,
    NetworkPaths network,
    Set<Integer> closedPorts,
    boolean configServerReachable,
    Boolean vmInConfigServer,
    List<Violation> faults,
    Set<Fact> unread) {

  /** The facts that a fault can hide. */
  public enum Fact {
    SITE_TIME,
    REPLICA,
    ONPREM_VM,
    MASTER_TARGET,
    DATASTORES,
    VCENTERS,
    PROCESS_SERVER,
    NETWORK,
    CONFIG_SERVER_DB
  }

  public boolean read(Fact fact) {
    return !unread.contains(fact);
  }

  /** The on-premises VM a replicated item stands for: the replica's source VM, else the item. */
  public static String onPremVmName(ReprotectRequest request, Replica replica) {
    return replica != null && replica.sourceVm() != null
        ? replica.sourceVm()
        : request.replicatedItem();
  }

  /** Reads every fact the rules need, turning each port fault into a violation of its rule. */
  public static PreflightFacts read(OnPremSite onPrem, AzureSide azure, ReprotectRequest request) {
    Reader r = new Reader(request.replicatedItem());
    Instant now = r.get(Fact.SITE_TIME, onPrem::now);
    Replica replica =
        r.get(Fact.REPLICA, () -> azure.replica(request.replicatedItem()).orElse(null));
    OnPremVm vm =
        r.read(Fact.REPLICA)
            ? r.get(Fact.ONPREM_VM, () -> onPrem.vm(onPremVmName(request, replica)).orElse(null))
            : null;
    if (!r.read(Fact.REPLICA)) {
      r.unread.add(Fact.ONPREM_VM);
    }
    MasterTarget mt =
        request.masterTarget() == null
            ? null
            : r.get(
                Fact.MASTER_TARGET, () -> onPrem.masterTarget(request.masterTarget()).orElse(null));
    Host vmHost =
        vm == null ? null : r.get(Fact.ONPREM_VM, () -> onPrem.host(vm.host()).orElse(null));
    Host mtHost =
        mt == null ? null : r.get(Fact.MASTER_TARGET, () -> onPrem.host(mt.host()).orElse(null));
    Map<String, Datastore> datastores = new HashMap<>();
    List<Datastore> all = r.get(Fact.DATASTORES, onPrem::datastores);
    if (all != null) {
      all.forEach(d -> datastores.put(d.name(), d));
    }
    Map<String, VCenter> vcenters = new HashMap<>();
    for (String name :
        new String[] {
          mt == null ? null : mt.vcenter(),
          vm == null ? null : vm.vcenter(),
          replica == null ? null : replica.sourceVCenter()
        }) {
      if (name != null && !vcenters.containsKey(name)) {
        Optional<VCenter> vc = r.get(Fact.VCENTERS, () -> onPrem.vcenter(name));
        if (vc != null) {
          vc.ifPresent(v -> vcenters.put(name, v));
        }
      }
    }
    ProcessServer ps =
        request.processServer() == null
            ? null
            : r.get(
                Fact.PROCESS_SERVER,
                () -> azure.processServer(request.processServer()).orElse(null));
    NetworkPaths network = r.get(Fact.NETWORK, azure::network);
    Set<Integer> closed = r.get(Fact.NETWORK, azure::closedFailbackPorts);
    boolean csReachable = azure.configServerReachable();
    Boolean inCs =
        replica == null || !csReachable
            ? null
            : r.get(Fact.CONFIG_SERVER_DB, () -> azure.inConfigServer(request.replicatedItem()));
    if (!csReachable) {
      r.unread.add(Fact.CONFIG_SERVER_DB);
    }
    if (replica != null && csReachable && !replica.migrated()) {
      // What Site Recovery itself would refuse, reported with the other violations.
      List<Violation> refused =
          r.get(
              Fact.CONFIG_SERVER_DB,
              () ->
                  azure.reprotectViolations(
                      new ReplicationSpec(
                          request.replicatedItem(),
                          request.masterTarget(),
                          request.processServer(),
                          request.datastore(),
                          PreflightRules.retentionDrive(request, replica.os()),
                          FailbackPolicy.FIXED)));
      if (refused != null) {
        r.faults.addAll(refused);
      }
    }
    return new PreflightFacts(
        request,
        now,
        replica,
        vm,
        vmHost,
        mt,
        mtHost,
        datastores,
        vcenters,
        ps,
        network,
        closed == null ? Set.of() : closed,
        csReachable,
        inCs,
        r.faults,
        r.unread);
  }

  private static final class Reader {
    private final String item;
    private final List<Violation> faults = new ArrayList<>();
    private final Set<Fact> unread = EnumSet.noneOf(Fact.class);

    Reader(String item) {
      this.item = item;
    }

    boolean read(Fact fact) {
      return !unread.contains(fact);
    }

    <T> T get(Fact fact, Supplier<T> read) {
      try {
        return read.get();
      } catch (SiteException fault) {
        Violation found = SiteFailures.violationOrThrow(fault, item);
        unread.add(fact);
        if (faults.stream().noneMatch(v -> v.rule() == fault.rule())) {
          faults.add(found);
        }
        return null;
      }
    }
  }
}
