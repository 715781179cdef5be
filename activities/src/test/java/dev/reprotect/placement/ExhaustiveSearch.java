package dev.reprotect.placement;

import dev.reprotect.plan.PlanFacts;
import dev.reprotect.plan.PlanRules;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.preflight.PreflightRules;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.simulated.SimulatedSite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The oracle: whether any assignment of master target, datastore, retention drive and process
 * server to every machine (keeping the values the plan gives) passes {@link PreflightRules} for
 * each machine and {@link PlanRules} for the plan, by trying them all. Only the rules decide; the
 * engine's code is not used. Per machine, the values other than the master target do not affect the
 * plan rules, so it first finds, for each master target, values that pass the machine's own rules,
 * then tries every combination of master targets against the plan rules.
 */
final class ExhaustiveSearch {

  private ExhaustiveSearch() {}

  static Optional<RecoveryPlanRequest> anyValid(SimulatedSite site, GeneratedSite generated) {
    RecoveryPlanRequest plan = generated.plan();
    List<Map<String, ReprotectRequest>> perMachine = new ArrayList<>();
    for (ReprotectRequest m : plan.machines()) {
      Map<String, ReprotectRequest> byTarget = new LinkedHashMap<>();
      for (String mt : or(m.masterTarget(), generated.masterTargets())) {
        search:
        for (String ds : or(m.datastore(), generated.datastores())) {
          for (String ret : or(m.retentionDrive(), generated.retentionDrives())) {
            for (String ps : or(m.processServer(), generated.processServers())) {
              ReprotectRequest values =
                  new ReprotectRequest(
                      m.replicatedItem(),
                      mt,
                      ps,
                      ds,
                      ret,
                      m.recoveryLocation(),
                      m.direction(),
                      m.failbackPolicyGiven(),
                      m.plan());
              if (PreflightRules.evaluate(PreflightFacts.read(site, site, values))
                  .violations()
                  .isEmpty()) {
                byTarget.put(mt, values);
                break search;
              }
            }
          }
        }
      }
      if (byTarget.isEmpty()) {
        return Optional.empty();
      }
      perMachine.add(byTarget);
    }
    return combine(site, plan, perMachine, 0, new ArrayList<>());
  }

  private static Optional<RecoveryPlanRequest> combine(
      SimulatedSite site,
      RecoveryPlanRequest plan,
      List<Map<String, ReprotectRequest>> perMachine,
      int at,
      List<ReprotectRequest> chosen) {
    if (at == perMachine.size()) {
      RecoveryPlanRequest candidate =
          new RecoveryPlanRequest(plan.plan(), List.copyOf(chosen), null, null);
      return PlanRules.evaluate(PlanFacts.read(site, site, candidate)).violations().isEmpty()
          ? Optional.of(candidate)
          : Optional.empty();
    }
    for (ReprotectRequest values : perMachine.get(at).values()) {
      chosen.add(values);
      Optional<RecoveryPlanRequest> found = combine(site, plan, perMachine, at + 1, chosen);
      chosen.remove(chosen.size() - 1);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static List<String> or(String given, List<String> all) {
    return given != null ? List.of(given) : all;
  }
}
