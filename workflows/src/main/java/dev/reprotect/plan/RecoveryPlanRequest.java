package dev.reprotect.plan;

import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.placement.Placement;
import dev.reprotect.reprotect.ReprotectRequest;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * Reprotect every machine of a recovery plan. Workflow id: {@code recovery-plan-{plan}}.
 *
 * @param machines one request per machine, each with {@code plan} set to this plan; empty on a run
 *     that continued as new with the compact carry (the machines are in {@code carried})
 * @param carried what earlier runs of this plan's workflow did, when it continued as new; null on
 *     the first run
 * @param placement the form before {@code placed}: what placement chose, one entry per machine,
 *     repeating the values already filled into the machines; null in requests made since
 * @param placed what placement chose each machine's values for ({@code "placement": "auto"}), the
 *     values being in {@code machines}; null when the request gave every value itself
 */
public record RecoveryPlanRequest(
    String plan,
    List<ReprotectRequest> machines,
    PlanOptions options,
    PlanProgress carried,
    @Nullable List<MachinePlacement> placement,
    @Nullable Map<String, PlacedFor> placed) {

  /** A request in the form before {@code placed}. */
  public RecoveryPlanRequest(
      String plan,
      List<ReprotectRequest> machines,
      PlanOptions options,
      PlanProgress carried,
      List<MachinePlacement> placement) {
    this(plan, machines, options, carried, placement, null);
  }

  /** A plan whose values the request gave (no placement). */
  public RecoveryPlanRequest(
      String plan, List<ReprotectRequest> machines, PlanOptions options, PlanProgress carried) {
    this(plan, machines, options, carried, null, null);
  }

  public static String workflowIdFor(String plan) {
    return "recovery-plan-" + plan;
  }

  public String workflowId() {
    return workflowIdFor(plan);
  }

  /**
   * This request with every value a machine leaves out filled as placement chose it, and what it
   * chose them for recorded once ({@code placed}): what {@code "placement": "auto"} starts.
   */
  public RecoveryPlanRequest placedBy(Placement placement) {
    Map<String, MachinePlacement> chosen = new HashMap<>();
    placement.machines().forEach(m -> chosen.put(m.replicatedItem(), m));
    Map<String, PlacedFor> placedFor = new LinkedHashMap<>();
    List<ReprotectRequest> filled =
        machines.stream()
            .map(
                m -> {
                  MachinePlacement c = chosen.get(m.replicatedItem());
                  if (c == null) {
                    return m;
                  }
                  placedFor.put(m.replicatedItem(), new PlacedFor(c.recoveryLocation(), c.given()));
                  return new ReprotectRequest(
                      m.replicatedItem(),
                      m.masterTarget() != null ? m.masterTarget() : c.masterTarget(),
                      m.processServer() != null ? m.processServer() : c.processServer(),
                      m.datastore() != null ? m.datastore() : c.datastore(),
                      m.retentionDrive() != null ? m.retentionDrive() : c.retentionDrive(),
                      m.recoveryLocation(),
                      m.direction(),
                      m.failbackPolicyGiven(),
                      m.plan());
                })
            .toList();
    return new RecoveryPlanRequest(plan, filled, options, carried, null, placedFor);
  }

  /** What placement chose, one entry per placed machine, in either form; null when not placed. */
  @Nullable
  public List<MachinePlacement> placementChosen() {
    if (placement != null || placed == null) {
      return placement;
    }
    return machines.stream()
        .filter(m -> placed.containsKey(m.replicatedItem()))
        .map(
            m -> {
              PlacedFor p = placed.get(m.replicatedItem());
              return new MachinePlacement(
                  m.replicatedItem(),
                  m.masterTarget(),
                  m.processServer(),
                  m.datastore(),
                  m.retentionDrive(),
                  p.recoveryLocation(),
                  p.given());
            })
        .toList();
  }
}
