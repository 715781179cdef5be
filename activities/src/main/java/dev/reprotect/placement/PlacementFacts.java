package dev.reprotect.placement;

import dev.reprotect.activities.SiteFailures;
import dev.reprotect.inventory.OsType;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.AzureSide.ProcessServer;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.OnPremSite.AttachedDisk;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.VCenter;
import dev.reprotect.site.SiteException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What placement needs to know, read through the ports: each distinct plan machine's single-VM
 * facts (with the values its request gives), every master target with its host and the slots that
 * machines outside the plan hold on it, the site's datastores, vCenters and process servers, and
 * the replication groups.
 *
 * @param held master target name to slots held by items outside the plan: per item the larger of
 *     the disks the site shows attached and the slots a running reprotection reserved
 * @param faults faults that hid a listing (placement cannot propose anything then)
 */
public record PlacementFacts(
    RecoveryPlanRequest request,
    List<PreflightFacts> machines,
    List<MasterTarget> masterTargets,
    Map<String, Host> hosts,
    Map<String, Integer> held,
    Map<String, Datastore> datastores,
    Map<String, VCenter> vcenters,
    List<ProcessServer> processServers,
    Map<String, Map<String, OsType>> groups,
    List<Violation> faults) {

  public static PlacementFacts read(
      OnPremSite onPrem, AzureSide azure, HeldSlots reservations, RecoveryPlanRequest request) {
    List<Violation> faults = new ArrayList<>();
    Map<String, ReprotectRequest> distinct = new LinkedHashMap<>();
    for (ReprotectRequest machine : request.machines()) {
      distinct.putIfAbsent(machine.replicatedItem(), machine.inPlan(request.plan()));
    }
    List<PreflightFacts> machines = new ArrayList<>();
    distinct.values().forEach(m -> machines.add(PreflightFacts.read(onPrem, azure, m)));

    List<MasterTarget> targets = read(faults, onPrem::masterTargets, List.of());
    Map<String, Host> hosts = new HashMap<>();
    Map<String, VCenter> vcenters = new HashMap<>();
    Map<String, Integer> held = new HashMap<>();
    for (MasterTarget mt : targets) {
      read(faults, () -> onPrem.host(mt.host()), java.util.Optional.<Host>empty())
          .ifPresent(h -> hosts.put(h.name(), h));
      if (mt.vcenter() != null && !vcenters.containsKey(mt.vcenter())) {
        read(faults, () -> onPrem.vcenter(mt.vcenter()), java.util.Optional.<VCenter>empty())
            .ifPresent(v -> vcenters.put(v.name(), v));
      }
      held.put(mt.name(), heldOutsidePlan(mt, reservations.reserved(mt.name()), distinct.keySet()));
    }
    machines.forEach(m -> vcenters.putAll(m.vcenters()));
    Map<String, Datastore> datastores = new LinkedHashMap<>();
    read(faults, onPrem::datastores, List.<Datastore>of())
        .forEach(d -> datastores.put(d.name(), d));
    List<ProcessServer> processServers = read(faults, azure::processServers, List.of());
    Map<String, Map<String, OsType>> groups = new LinkedHashMap<>();
    List<Replica> inventory =
        read(
            faults,
            azure::replicas,
            machines.stream().map(PreflightFacts::replica).filter(r -> r != null).toList());
    for (Replica replica : inventory) {
      if (replica.replicationGroup() != null) {
        groups
            .computeIfAbsent(replica.replicationGroup(), g -> new LinkedHashMap<>())
            .put(replica.name(), replica.os());
      }
    }
    return new PlacementFacts(
        request,
        machines,
        targets,
        hosts,
        held,
        datastores,
        vcenters,
        processServers,
        groups,
        faults);
  }

  /**
   * Per item outside the plan, the larger of its attached disks and its reservation; disks of no
   * item count too.
   */
  static int heldOutsidePlan(MasterTarget mt, Map<String, Integer> reserved, Set<String> plan) {
    Map<String, Integer> byItem = new HashMap<>();
    int unowned = 0;
    for (AttachedDisk disk : mt.attachedDisks()) {
      if (disk.replicatedItem() == null) {
        unowned++;
      } else {
        byItem.merge(disk.replicatedItem(), 1, Integer::sum);
      }
    }
    reserved.forEach((item, slots) -> byItem.merge(item, slots == null ? 0 : slots, Math::max));
    int held = unowned;
    for (var e : byItem.entrySet()) {
      if (!plan.contains(e.getKey())) {
        held += e.getValue();
      }
    }
    return held;
  }

  private static <T> T read(List<Violation> faults, Supplier<T> read, T otherwise) {
    try {
      return read.get();
    } catch (SiteException fault) {
      Violation unread = SiteFailures.violationOrThrow(fault, null);
      if (faults.stream().noneMatch(v -> v.rule() == unread.rule())) {
        faults.add(Violation.of(unread.rule(), null, fault.getMessage()));
      }
      return otherwise;
    }
  }
}
