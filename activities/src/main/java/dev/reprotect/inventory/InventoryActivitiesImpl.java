package dev.reprotect.inventory;

import dev.reprotect.activities.Attempts;
import dev.reprotect.activities.SiteFailures;
import dev.reprotect.preflight.PreflightRules;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.AzureSide.ProcessServer;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.site.OnPremSite.Volume;
import dev.reprotect.site.SiteException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Reprotect dialog's views: the replicated items, and for one item every master target, process
 * server, datastore and retention drive, each eligible or not with the rule IDs why (the same
 * checks as {@link PreflightRules}; a warning's rule may appear on an eligible choice).
 */
public class InventoryActivitiesImpl implements InventoryActivities {

  private final OnPremSite onPrem;
  private final AzureSide azure;

  public InventoryActivitiesImpl(OnPremSite onPrem, AzureSide azure) {
    this.onPrem = onPrem;
    this.azure = azure;
  }

  @Override
  public ReplicatedItems listReplicatedItems(ListReplicatedItemsRequest request) {
    int attempt = Attempts.current();
    try {
      List<ReplicatedItem> items =
          azure.replicas().stream()
              .filter(
                  r ->
                      request == null
                          || request.recoveryPlan() == null
                          || request.recoveryPlan().equals(r.recoveryPlan()))
              .map(
                  r ->
                      new ReplicatedItem(
                          r.name(),
                          r.os(),
                          r.protectionState(),
                          r.replicationGroup(),
                          r.recoveryPlan()))
              .toList();
      return new ReplicatedItems(items);
    } catch (SiteException fault) {
      throw SiteFailures.of(fault, null, attempt);
    }
  }

  @Override
  public ReprotectOptions reprotectOptions(ReprotectOptionsRequest request) {
    int attempt = Attempts.current();
    String item = request.replicatedItem();
    try {
      Replica replica =
          azure
              .replica(item)
              .orElseThrow(
                  () ->
                      RuleFailures.of(
                          Violation.of(
                              Rule.REPLICA_NOT_FOUND,
                              item,
                              "no replica VM " + item + " exists in Azure"),
                          attempt));
      return options(replica, request.masterTarget());
    } catch (SiteException fault) {
      throw SiteFailures.of(fault, item, attempt);
    }
  }

  @Override
  public MasterTargets listMasterTargets() {
    int attempt = Attempts.current();
    try {
      List<MasterTargetInfo> items =
          onPrem.masterTargets().stream()
              .map(mt -> new MasterTargetInfo(mt.name(), mt.os(), mt.attachedDisks().size()))
              .toList();
      return new MasterTargets(items);
    } catch (SiteException fault) {
      throw SiteFailures.of(fault, null, attempt);
    }
  }

  private ReprotectOptions options(Replica replica, String chosenMasterTarget) {
    String item = replica.name();
    OnPremVm vm = onPrem.vm(replica.sourceVm()).orElse(null);
    RecoveryLocation location = vm != null ? RecoveryLocation.ORIGINAL : RecoveryLocation.ALTERNATE;
    List<VirtualDisk> vmDisks = PreflightRules.vmDisks(vm, replica, location);
    Map<String, Datastore> datastores = new HashMap<>();
    onPrem.datastores().forEach(d -> datastores.put(d.name(), d));
    Instant now = onPrem.now();

    List<ReprotectOption> mtOptions = new ArrayList<>();
    List<MasterTarget> eligibleMts = new ArrayList<>();
    Map<String, Host> hosts = new HashMap<>();
    List<MasterTarget> all = onPrem.masterTargets();
    for (MasterTarget mt : all) {
      Host host = onPrem.host(mt.host()).orElse(null);
      hosts.put(mt.name(), host);
      List<Violation> found =
          new ArrayList<>(
              PreflightRules.masterTargetViolations(
                  item, replica.os(), vmDisks, mt, host, datastores));
      found.addAll(
          PreflightRules.hostViolations(item, host, "master target " + mt.name() + "'s host"));
      if (vm != null) {
        found.addAll(PreflightRules.originalDatastoreViolations(item, vm, mt, host));
      }
      ReprotectOption option = option(mt.name(), found, null);
      mtOptions.add(option);
      if (option.eligible()) {
        eligibleMts.add(mt);
      }
    }

    List<ReprotectOption> psOptions = new ArrayList<>();
    for (ProcessServer ps : azure.processServers()) {
      psOptions.add(
          option(
              ps.name(),
              PreflightRules.processServerViolations(item, ps.name(), ps, azure.network()),
              null));
    }

    // Datastores and drives are judged against the chosen master target, else every eligible one.
    List<MasterTarget> judges =
        all.stream()
            .filter(
                mt ->
                    chosenMasterTarget == null
                        ? eligibleMts.contains(mt)
                        : mt.name().equals(chosenMasterTarget))
            .toList();
    if (judges.isEmpty() && chosenMasterTarget == null) {
      judges = all;
    }
    List<ReprotectOption> dsOptions = new ArrayList<>();
    for (Datastore ds :
        datastores.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
      Set<Rule> union = new LinkedHashSet<>();
      boolean eligible = false;
      for (MasterTarget mt : judges) {
        List<Violation> found =
            PreflightRules.datastoreViolations(item, ds.name(), ds, mt, hosts.get(mt.name()));
        if (found.stream().noneMatch(Violation::blocking)) {
          eligible = true;
        }
        found.forEach(v -> union.add(v.rule()));
      }
      dsOptions.add(
          new ReprotectOption(ds.name(), eligible && !judges.isEmpty(), List.copyOf(union), null));
    }

    List<ReprotectOption> driveOptions = new ArrayList<>();
    for (MasterTarget mt : judges) {
      for (Volume volume : mt.volumes()) {
        driveOptions.add(
            option(
                volume.path(),
                PreflightRules.retentionDriveViolations(item, volume.path(), mt, now),
                mt.name()));
      }
    }
    return new ReprotectOptions(item, mtOptions, psOptions, dsOptions, driveOptions);
  }

  private static ReprotectOption option(String name, List<Violation> found, String masterTarget) {
    boolean eligible = found.stream().noneMatch(Violation::blocking);
    List<Rule> rules = found.stream().map(Violation::rule).distinct().toList();
    return new ReprotectOption(name, eligible, rules, masterTarget);
  }
}
