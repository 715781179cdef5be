package dev.reprotect.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.plan.PlanFacts;
import dev.reprotect.plan.PlanRules;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.PreflightRules;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.site.AzureSide.Location;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Properties of placement over generated inventories ({@link GeneratedSite}), one case per
 * generated site: every proposal passes the rules the preflight applies, values given are kept, and
 * on small inventories a refusal comes exactly when the exhaustive search finds no valid assignment
 * either. The sites come from seeds drawn from {@code -Dplacement.seed} (a fixed one by default, so
 * a run is reproducible; a failure names its seed and prints the inventory).
 */
class PlacementPropertiesTest {

  static final long BASE_SEED = Long.getLong("placement.seed", 20261125L);

  /** {@code count} cases of (seed, machines, master targets), sizes within the bounds given. */
  static Stream<Arguments> sites(
      int count, int salt, int minMachines, int maxMachines, int minTargets, int maxTargets) {
    Random r = new Random(BASE_SEED * 31 + salt);
    return Stream.generate(
            () ->
                Arguments.of(
                    r.nextLong(),
                    minMachines + r.nextInt(maxMachines - minMachines + 1),
                    minTargets + r.nextInt(maxTargets - minTargets + 1)))
        .limit(count);
  }

  static Stream<Arguments> smallSites() {
    return sites(300, 1, 1, 5, 1, 3);
  }

  static Stream<Arguments> largerSites() {
    return sites(40, 2, 10, 80, 4, 12);
  }

  static Stream<Arguments> tightSites() {
    return sites(100, 3, 0, 0, 2, 6);
  }

  @ParameterizedTest(name = "seed {0}: {1} machines, {2} master targets")
  @MethodSource("smallSites")
  void onSmallInventories_placementRefusesExactlyWhenNoAssignmentExists(
      long seed, int machines, int targets) {
    GeneratedSite generated = GeneratedSite.generate(seed, machines, targets, 30);
    SimulatedSite site = generated.load();
    Placement placement =
        PlacementEngine.place(PlacementFacts.read(site, site, HeldSlots.NONE, generated.plan()));
    Optional<RecoveryPlanRequest> oracle = ExhaustiveSearch.anyValid(site, generated);

    assertEquals(
        oracle.isPresent(),
        placement.placed(),
        () ->
            "seed "
                + seed
                + ": the exhaustive search "
                + (oracle.isPresent() ? "found " + oracle.get().machines() : "found nothing")
                + ", placement "
                + (placement.placed()
                    ? "proposed " + placement.machines()
                    : "refused " + placement.violations())
                + "\n"
                + generated.yaml());
    if (placement.placed()) {
      assertPassesTheRules(site, generated, placement);
    } else {
      assertExplained(placement);
    }
  }

  @ParameterizedTest(name = "seed {0}: {1} machines, {2} master targets")
  @MethodSource("largerSites")
  void onLargerInventories_everyProposalPassesTheRules(long seed, int machines, int targets) {
    GeneratedSite generated = GeneratedSite.generate(seed, machines, targets, 25);
    SimulatedSite site = generated.load();
    Placement placement =
        PlacementEngine.place(PlacementFacts.read(site, site, HeldSlots.NONE, generated.plan()));
    if (placement.placed()) {
      assertPassesTheRules(site, generated, placement);
    } else {
      assertExplained(placement);
    }
  }

  @ParameterizedTest(name = "seed {0}: {2} master targets filled exactly")
  @MethodSource("tightSites")
  void whenTheMachinesFillTheFreeSlotsExactly_placementFindsTheAssignment(
      long seed, int unused, int targets) {
    GeneratedSite generated = GeneratedSite.tight(seed, targets);
    SimulatedSite site = generated.load();
    Placement placement =
        PlacementEngine.place(PlacementFacts.read(site, site, HeldSlots.NONE, generated.plan()));
    assertTrue(
        placement.placed(),
        () ->
            "seed "
                + seed
                + ": an exact fit exists, yet placement refused "
                + placement.violations()
                + "\n"
                + generated.yaml());
    assertPassesTheRules(site, generated, placement);
  }

  /**
   * PlanRules and each machine's PreflightRules find nothing; given values kept; Azure preferred.
   */
  static void assertPassesTheRules(
      SimulatedSite site, GeneratedSite generated, Placement placement) {
    RecoveryPlanRequest plan = generated.plan();
    assertEquals(plan.machines().size(), placement.machines().size());
    List<ReprotectRequest> filled = new ArrayList<>();
    for (int i = 0; i < plan.machines().size(); i++) {
      ReprotectRequest asked = plan.machines().get(i);
      MachinePlacement chosen = placement.machines().get(i);
      assertEquals(asked.replicatedItem(), chosen.replicatedItem());
      keeps(asked.masterTarget(), chosen.masterTarget());
      keeps(asked.processServer(), chosen.processServer());
      keeps(asked.datastore(), chosen.datastore());
      keeps(asked.retentionDrive(), chosen.retentionDrive());
      filled.add(
          new ReprotectRequest(
              asked.replicatedItem(),
              chosen.masterTarget(),
              chosen.processServer(),
              chosen.datastore(),
              chosen.retentionDrive(),
              asked.recoveryLocation(),
              asked.direction(),
              asked.failbackPolicyGiven(),
              asked.plan()));
    }
    RecoveryPlanRequest withValues = new RecoveryPlanRequest(plan.plan(), filled, null, null);
    PreflightReport planReport = PlanRules.evaluate(PlanFacts.read(site, site, withValues));
    assertTrue(
        planReport.violations().isEmpty(),
        () ->
            "seed " + generated.seed() + ": " + planReport.violations() + "\n" + generated.yaml());
    boolean azureWithHeartbeat =
        site.processServers().stream()
            .anyMatch(ps -> ps.location() == Location.AZURE && ps.heartbeat());
    boolean vpnOnly =
        site.network().siteToSiteVpn() && !site.network().expressRoutePrivatePeering();
    for (int i = 0; i < filled.size(); i++) {
      ReprotectRequest machine = filled.get(i);
      PreflightReport report = PreflightRules.evaluate(PreflightFacts.read(site, site, machine));
      assertTrue(
          report.violations().isEmpty(),
          () ->
              "seed "
                  + generated.seed()
                  + ": "
                  + machine
                  + " -> "
                  + report.violations()
                  + "\n"
                  + generated.yaml());
      if (vpnOnly && azureWithHeartbeat && plan.machines().get(i).processServer() == null) {
        assertFalse(
            report.warnings().stream()
                .anyMatch(w -> w.rule() == Rule.PROCESS_SERVER_REMOTE_OVER_VPN),
            () ->
                "a process server in Azure exists, yet "
                    + machine.replicatedItem()
                    + " got "
                    + machine.processServer());
      }
    }
    for (MasterTargetLoad load : placement.masterTargets()) {
      assertTrue(load.disksHeld() + load.disksAssigned() <= load.capacity(), load::toString);
    }
  }

  static void assertExplained(Placement placement) {
    assertFalse(placement.violations().isEmpty());
    assertTrue(placement.machines().isEmpty());
    for (Violation v : placement.violations()) {
      assertTrue(v.rule() != null && v.message() != null && !v.message().isBlank(), v::toString);
      assertTrue(v.fix() != null && !v.fix().isBlank(), v::toString);
    }
  }

  private static void keeps(String given, String chosen) {
    if (given != null) {
      assertEquals(given, chosen);
    }
  }
}
