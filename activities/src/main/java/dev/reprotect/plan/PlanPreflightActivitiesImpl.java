package dev.reprotect.plan;

import dev.reprotect.activities.Attempts;
import dev.reprotect.activities.SiteFailures;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.SiteException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the plan's facts through the ports and applies {@link PlanRules}. Read-only. */
public class PlanPreflightActivitiesImpl implements PlanPreflightActivities {

  private final OnPremSite onPrem;
  private final AzureSide azure;

  public PlanPreflightActivitiesImpl(OnPremSite onPrem, AzureSide azure) {
    this.onPrem = onPrem;
    this.azure = azure;
  }

  @Override
  public PreflightReport preflightPlan(RecoveryPlanRequest request) {
    return PlanRules.evaluate(PlanFacts.read(onPrem, azure, request));
  }

  @Override
  public List<String> protectedAlready(RecoveryPlanRequest request) {
    Set<String> protectedBack = new HashSet<>();
    try {
      azure.protectedReplications().forEach(p -> protectedBack.add(p.replicatedItem()));
    } catch (SiteException fault) {
      throw SiteFailures.of(fault, null, Attempts.current());
    }
    return request.machines().stream()
        .map(ReprotectRequest::replicatedItem)
        .distinct()
        .filter(protectedBack::contains)
        .toList();
  }

  @Override
  public List<GroupStatus> replicationGroups(RecoveryPlanRequest request) {
    List<Replica> inventory;
    try {
      inventory = azure.replicas();
    } catch (SiteException fault) {
      throw SiteFailures.of(fault, null, Attempts.current());
    }
    Map<String, ReprotectRequest> inPlan = new LinkedHashMap<>();
    request.machines().forEach(m -> inPlan.putIfAbsent(m.replicatedItem(), m));
    Map<String, List<String>> members = new LinkedHashMap<>();
    for (Replica replica : inventory) {
      if (replica.replicationGroup() != null) {
        members
            .computeIfAbsent(replica.replicationGroup(), g -> new ArrayList<>())
            .add(replica.name());
      }
    }
    List<GroupStatus> groups = new ArrayList<>();
    members.forEach(
        (group, names) ->
            names.stream()
                .filter(inPlan::containsKey)
                .findFirst()
                .ifPresent(
                    first ->
                        groups.add(
                            new GroupStatus(
                                group,
                                inPlan.get(first).masterTarget(),
                                List.copyOf(names),
                                "IN_PROGRESS"))));
    return groups;
  }
}
