package dev.reprotect.plan;

import dev.reprotect.activities.SiteFailures;
import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.SiteException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the plan rules need to know, read through the ports: each distinct machine's single-VM facts
 * (its request marked as part of the plan), which machines the plan lists more than once, and every
 * replication group of the site inventory with its members' OS.
 *
 * @param groups group name to its members (by replicated item, inventory order) and their OS; only
 *     the plan's own machines when the inventory could not be listed
 * @param faults faults that hid the inventory's group list (e.g. CONFIG_SERVER_UNREACHABLE)
 */
public record PlanFacts(
    RecoveryPlanRequest request,
    List<PreflightFacts> machines,
    List<String> duplicates,
    Map<String, Map<String, OsType>> groups,
    List<Violation> faults) {

  public static PlanFacts read(OnPremSite onPrem, AzureSide azure, RecoveryPlanRequest request) {
    Map<String, ReprotectRequest> distinct = new LinkedHashMap<>();
    List<String> duplicates = new ArrayList<>();
    for (ReprotectRequest machine : request.machines()) {
      if (distinct.putIfAbsent(machine.replicatedItem(), machine.inPlan(request.plan())) != null
          && !duplicates.contains(machine.replicatedItem())) {
        duplicates.add(machine.replicatedItem());
      }
    }
    List<PreflightFacts> machines = new ArrayList<>();
    distinct.values().forEach(m -> machines.add(PreflightFacts.read(onPrem, azure, m)));

    Map<String, Map<String, OsType>> groups = new LinkedHashMap<>();
    List<Violation> faults = new ArrayList<>();
    List<Replica> inventory;
    try {
      inventory = azure.replicas();
    } catch (SiteException fault) {
      Violation unread = SiteFailures.violationOrThrow(fault, null);
      faults.add(
          Violation.of(
              unread.rule(),
              null,
              "the replication groups could not be listed: " + fault.getMessage()));
      inventory = machines.stream().map(PreflightFacts::replica).filter(r -> r != null).toList();
    }
    for (Replica replica : inventory) {
      if (replica.replicationGroup() != null) {
        groups
            .computeIfAbsent(replica.replicationGroup(), g -> new LinkedHashMap<>())
            .put(replica.name(), replica.os());
      }
    }
    return new PlanFacts(request, machines, duplicates, groups, faults);
  }
}
