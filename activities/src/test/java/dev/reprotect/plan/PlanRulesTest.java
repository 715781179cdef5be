package dev.reprotect.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.testing.Fixtures;
import dev.reprotect.testing.TestClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The plan rules over {@code fixtures/plans/site.yaml} (every machine fine on its own) and over the
 * simulated sample's plan rp-app.
 */
class PlanRulesTest {

  static final String SITE = "/fixtures/plans/site.yaml";

  private static SimulatedSite.Options options() {
    return new SimulatedSite.Options(1.0, new TestClock());
  }

  /**
   * The plans site, with mt-win-01 already holding this many disks for a machine outside any plan.
   */
  private static SimulatedSite site(int heldByOthers) {
    String yaml = Fixtures.resource(SITE);
    if (heldByOthers > 0) {
      yaml =
          yaml.replace(
              "attachedDisks: []",
              "attachedDisks: [{ replicatedItem: vm-other, count: " + heldByOthers + " }]");
    }
    return SimulatedSite.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), SITE, options());
  }

  private static ReprotectRequest machine(String vm, String plan) {
    return new ReprotectRequest(
        vm, "mt-win-01", "ps-azure-01", "vmfs-01", "R:", null, null, false, plan);
  }

  private static RecoveryPlanRequest plan(String name, ReprotectRequest... machines) {
    return new RecoveryPlanRequest(name, List.of(machines), PlanOptions.DEFAULTS, null);
  }

  private static PreflightReport preflight(SimulatedSite site, RecoveryPlanRequest request) {
    return new PlanPreflightActivitiesImpl(site, site).preflightPlan(request);
  }

  private static List<Violation> of(PreflightReport report, Rule rule) {
    return report.violations().stream().filter(v -> v.rule() == rule).toList();
  }

  private static List<String> machinesOf(List<Violation> violations) {
    return violations.stream().map(Violation::replicatedItem).toList();
  }

  /** {@code rule} is broken by {@code machine} alone, and its message mentions {@code mention}. */
  private static void assertOnlyNamed(
      PreflightReport report, Rule rule, String machine, String mention) {
    List<Violation> found = of(report, rule);
    assertEquals(List.of(machine), machinesOf(found));
    assertTrue(found.get(0).message().contains(mention), found.get(0).message());
  }

  private static Set<Rule> rules(PreflightReport report) {
    return report.violations().stream().map(Violation::rule).collect(Collectors.toSet());
  }

  @Test
  void givenTheSamplePlanRpApp_whenPreflighted_itShouldPassWithNoViolation() {
    SimulatedSite sample = SimulatedSite.loadSample(options());
    RecoveryPlanRequest rpApp =
        plan("rp-app", machine("vm-app-01", "rp-app"), machine("vm-app-02", "rp-app"));

    PreflightReport report = preflight(sample, rpApp);

    assertTrue(report.ok(), () -> report.violations().toString());
    assertEquals(List.of(), report.violations());
    assertEquals(List.of(), report.warnings());
  }

  @Test
  void
      givenTheSamplePlanRpApp_whenListingItsGroups_itShouldGiveRgAppWithBothMembersOnOneMasterTarget() {
    SimulatedSite sample = SimulatedSite.loadSample(options());
    RecoveryPlanRequest rpApp =
        plan("rp-app", machine("vm-app-01", "rp-app"), machine("vm-app-02", "rp-app"));

    List<GroupStatus> groups =
        new PlanPreflightActivitiesImpl(sample, sample).replicationGroups(rpApp);

    assertEquals(
        List.of(
            new GroupStatus(
                "rg-app", "mt-win-01", List.of("vm-app-01", "vm-app-02"), "IN_PROGRESS")),
        groups);
  }

  @Test
  void givenMachinesOfAPlanWithoutThePlanSet_whenPreflighted_itShouldCheckThemAsPartOfThePlan() {
    SimulatedSite sample = SimulatedSite.loadSample(options());
    RecoveryPlanRequest rpApp =
        plan("rp-app", machine("vm-app-01", null), machine("vm-app-02", null));

    PreflightReport report = preflight(sample, rpApp);

    assertTrue(report.ok(), () -> report.violations().toString());
  }

  @Test
  void
      givenMachinesLackingValues_whenPreflighted_itShouldReportPlanValuesMissingForEachAndNotTheirSingleVmEchoes() {
    ReprotectRequest noRetention =
        new ReprotectRequest(
            "vm-a", "mt-win-01", "ps-azure-01", "vmfs-01", null, null, null, false, "rp");
    ReprotectRequest noDatastoreNorServer =
        new ReprotectRequest("vm-b", "mt-win-01", null, " ", "R:", null, null, false, "rp");

    PreflightReport report = preflight(site(0), plan("rp", noRetention, noDatastoreNorServer));

    List<Violation> missing = of(report, Rule.PLAN_VALUES_MISSING);
    assertEquals(List.of("vm-a", "vm-b"), machinesOf(missing));
    assertTrue(missing.get(0).message().contains("retention drive"), missing.get(0).message());
    assertTrue(
        missing.get(1).message().contains("process server, datastore"), missing.get(1).message());
    assertEquals(
        Set.of(Rule.PLAN_VALUES_MISSING), rules(report), () -> report.violations().toString());
    assertEquals(Rule.PLAN_VALUES_MISSING.fix(), missing.get(0).fix());
  }

  @Test
  void givenAMachineListedTwice_whenPreflighted_itShouldRefuseThePlanNamingIt() {
    PreflightReport report =
        preflight(
            site(0),
            plan("rp", machine("vm-a", "rp"), machine("vm-b", "rp"), machine("vm-a", "rp")));

    assertEquals(List.of("vm-a"), machinesOf(of(report, Rule.PLAN_VALUES_MISSING)));
    assertTrue(of(report, Rule.PLAN_VALUES_MISSING).get(0).message().contains("more than once"));
  }

  @Test
  void
      givenAGroupMemberLeftOutOfThePlan_whenPreflighted_itShouldReportGroupRequiresRecoveryPlanNamingTheMissingMember() {
    PreflightReport report =
        preflight(site(0), plan("rp-1", machine("vm-g1", "rp-1"), machine("vm-a", "rp-1")));

    assertOnlyNamed(report, Rule.GROUP_REQUIRES_RECOVERY_PLAN, "vm-g2", "rg-1");
    assertEquals(Set.of(Rule.GROUP_REQUIRES_RECOVERY_PLAN), rules(report));
  }

  @Test
  void
      givenAGroupOnTwoMasterTargets_whenPreflighted_itShouldReportGroupMultipleMasterTargetsNamingTheOddMember() {
    ReprotectRequest g2 =
        new ReprotectRequest(
            "vm-g2", "mt-win-02", "ps-azure-01", "vmfs-01", "R:", null, null, false, "rp-1");

    PreflightReport report = preflight(site(0), plan("rp-1", machine("vm-g1", "rp-1"), g2));

    assertOnlyNamed(report, Rule.GROUP_MULTIPLE_MASTER_TARGETS, "vm-g2", "mt-win-01");
    assertEquals(Set.of(Rule.GROUP_MULTIPLE_MASTER_TARGETS), rules(report));
  }

  @Test
  void
      givenAGroupMixingWindowsAndLinux_whenPreflighted_itShouldReportGroupMixedOsNamingTheOddMember() {
    ReprotectRequest l =
        new ReprotectRequest(
            "vm-l", "mt-win-01", "ps-azure-01", "vmfs-01", "R:", null, null, false, "rp-mix");

    PreflightReport report = preflight(site(0), plan("rp-mix", machine("vm-w", "rp-mix"), l));

    assertOnlyNamed(report, Rule.GROUP_MIXED_OS, "vm-l", "LINUX");
    // vm-l on a Windows master target also breaks its own rule, reported beside the plan's.
    assertEquals(List.of("vm-l"), machinesOf(of(report, Rule.MT_OS_MISMATCH)));
  }

  @Test
  void
      givenAPlanOverAMasterTargetsSixtyDisks_whenPreflighted_itShouldReportMtDiskLimitNamingTheMachinesBeyondIt() {
    // 57 held for another machine + vm-a 2 (59) + vm-b 2 (61) + vm-g1 1 (62) + vm-g2 1 (63). Alone,
    // each machine fits (57 + 2 = 59): only the plan's sum is over.
    PreflightReport report =
        preflight(
            site(57),
            plan(
                "rp-1",
                machine("vm-a", "rp-1"),
                machine("vm-b", "rp-1"),
                machine("vm-g1", "rp-1"),
                machine("vm-g2", "rp-1")));

    List<Violation> over = of(report, Rule.MT_DISK_LIMIT);
    assertEquals(List.of("vm-b", "vm-g1", "vm-g2"), machinesOf(over));
    assertTrue(over.get(0).message().contains("holds 57 disks"), over.get(0).message());
    assertTrue(over.get(0).message().contains("63 in all"), over.get(0).message());
    assertEquals(Set.of(Rule.MT_DISK_LIMIT), rules(report));
    assertFalse(report.ok());
  }

  @Test
  void givenAMachineOverTheLimitOnItsOwn_whenPreflighted_itShouldReportMtDiskLimitOnceForIt() {
    PreflightReport report = preflight(site(59), plan("rp", machine("vm-a", "rp")));

    assertEquals(List.of("vm-a"), machinesOf(of(report, Rule.MT_DISK_LIMIT)));
  }

  @Test
  void
      givenPlanMachinesWhoseDisksAreAttachedAlready_whenPreflighted_itShouldCountThemOnceAsTheirOwn() {
    String yaml =
        Fixtures.resource(SITE)
            .replace(
                "attachedDisks: []",
                "attachedDisks: [{ replicatedItem: vm-other, count: 56 }, { replicatedItem: vm-a, count: 2 }]");
    SimulatedSite site =
        SimulatedSite.load(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), SITE, options());

    // 56 + vm-a's 2 (attached already, counted once) + vm-b's 2 = 60: at the limit, not over.
    PreflightReport report =
        preflight(site, plan("rp", machine("vm-a", "rp"), machine("vm-b", "rp")));

    assertEquals(List.of(), of(report, Rule.MT_DISK_LIMIT));
  }

  @Test
  void
      givenAPlanBreakingSeveralRules_whenPreflighted_itShouldReportEveryViolationAtOnceEachNamingItsMachine() {
    ReprotectRequest nfs =
        new ReprotectRequest(
            "vm-b", "mt-win-01", "ps-azure-01", "nfs-01", "R:", null, null, false, "rp");
    ReprotectRequest noRetention =
        new ReprotectRequest(
            "vm-w", "mt-win-01", "ps-azure-01", "vmfs-01", null, null, null, false, "rp");
    ReprotectRequest otherTarget =
        new ReprotectRequest(
            "vm-g2", "mt-win-02", "ps-azure-01", "vmfs-01", "R:", null, null, false, "rp");
    ReprotectRequest missing =
        new ReprotectRequest(
            "vm-nope", "mt-win-01", "ps-azure-01", "vmfs-01", "R:", null, null, false, "rp");

    PreflightReport report =
        preflight(
            site(58),
            plan(
                "rp",
                machine("vm-a", "rp"),
                nfs,
                noRetention,
                machine("vm-g1", "rp"),
                otherTarget,
                missing));

    Map<Rule, List<String>> byRule =
        report.violations().stream()
            .collect(
                Collectors.groupingBy(
                    Violation::rule,
                    Collectors.mapping(Violation::replicatedItem, Collectors.toList())));
    assertEquals(List.of("vm-w"), byRule.get(Rule.PLAN_VALUES_MISSING));
    assertEquals(List.of("vm-l"), byRule.get(Rule.GROUP_REQUIRES_RECOVERY_PLAN));
    assertEquals(List.of("vm-g2"), byRule.get(Rule.GROUP_MULTIPLE_MASTER_TARGETS));
    assertEquals(List.of("vm-b", "vm-w", "vm-g1"), byRule.get(Rule.MT_DISK_LIMIT));
    assertEquals(List.of("vm-b"), byRule.get(Rule.DATASTORE_NFS_UNSUPPORTED));
    assertEquals(List.of("vm-nope"), byRule.get(Rule.REPLICA_NOT_FOUND));
    for (Violation v : report.violations()) {
      assertNotNull(v.replicatedItem(), v::toString);
      assertFalse(v.message().isBlank());
      assertEquals(v.rule().fix(), v.fix());
    }
    assertTrue(report.hasRuleViolations());
  }
}
