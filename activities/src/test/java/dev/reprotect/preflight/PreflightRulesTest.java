package dev.reprotect.preflight;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.testing.Fixtures;
import dev.reprotect.testing.Fixtures.Fixture;
import dev.reprotect.testing.TestClock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The preflight rules, one fixture per rule: {@code fixtures/rules/<RULE_ID>.yaml} is an overlay of
 * the valid base that breaks exactly that rule.
 */
class PreflightRulesTest {

  private static SimulatedSite.Options options() {
    return new SimulatedSite.Options(1.0, new TestClock());
  }

  /** Every rule checked before anything changes: the catalogue's preflight rules. */
  static Stream<Rule> preflightRules() {
    return Arrays.stream(Rule.values()).filter(r -> r.when().contains(Rule.When.PREFLIGHT));
  }

  private static PreflightReport preflight(Fixture f) {
    return PreflightRules.evaluate(PreflightFacts.read(f.site(), f.site(), f.request()));
  }

  private static Set<Rule> rules(List<Violation> violations) {
    return violations.stream().map(Violation::rule).collect(Collectors.toSet());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("preflightRules")
  void givenAFixtureBreakingOneRule_whenPreflightRuns_itReportsThatRuleAndNoOtherBlockingOne(
      Rule rule) {
    Fixture fixture = Fixtures.load("/fixtures/rules/" + rule.name() + ".yaml", options());

    PreflightReport report = preflight(fixture);

    if (rule.kind() == Rule.Kind.WARNING) {
      assertTrue(report.ok(), () -> "a warning must not block: " + report.violations());
      assertEquals(Set.of(rule), rules(report.warnings()), () -> report.warnings().toString());
    } else {
      assertFalse(report.ok());
      assertEquals(Set.of(rule), rules(report.violations()), () -> report.violations().toString());
      assertEquals(rule.kind() == Rule.Kind.RULE, report.hasRuleViolations());
    }
    Violation v =
        Stream.concat(report.violations().stream(), report.warnings().stream())
            .filter(x -> x.rule() == rule)
            .findFirst()
            .orElseThrow();
    assertEquals(rule.fix(), v.fix());
    assertEquals(fixture.request().replicatedItem(), v.replicatedItem());
    assertFalse(v.message().isBlank());
  }

  @Test
  void everyPreflightRuleOfTheCatalogueHasAFixture() {
    List<String> missing = new ArrayList<>();
    preflightRules()
        .forEach(
            rule -> {
              if (PreflightRulesTest.class.getResource("/fixtures/rules/" + rule.name() + ".yaml")
                  == null) {
                missing.add(rule.name());
              }
            });
    assertEquals(List.of(), missing, "preflight rules without a fixture under fixtures/rules/");
    // The step and plan rules are checked elsewhere; the table holds everything else.
    assertEquals(34, preflightRules().count());
  }

  @Test
  void givenTheValidBase_whenPreflightRuns_itReportsNothingAndResolvesTheTarget() {
    PreflightReport report = preflight(Fixtures.base(options()));

    assertTrue(report.ok(), () -> report.violations().toString());
    assertEquals(List.of(), report.violations());
    assertEquals(List.of(), report.warnings());
    ResolvedTarget target = report.target();
    assertEquals("vm-a", target.onPremVm());
    assertEquals(RecoveryLocation.ORIGINAL, target.recoveryLocation());
    assertEquals(List.of("vm-a_0", "vm-a_1"), target.disks());
    assertEquals("R:", target.retentionDrive());
  }

  @Test
  void givenAnItemWhoseOnPremVmIsGone_whenPreflightRuns_itChoosesAlternateAndTheDefaultDrive() {
    Fixture f =
        Fixtures.withOverlay("request: { replicatedItem: vm-b, retentionDrive: null }", options());

    PreflightReport report = preflight(f);

    assertTrue(report.ok(), () -> report.violations().toString());
    assertNull(report.target().onPremVm());
    assertEquals(RecoveryLocation.ALTERNATE, report.target().recoveryLocation());
    assertEquals("R:", report.target().retentionDrive());
    assertEquals(List.of("vm-b_0", "vm-b_1"), report.target().disks());
  }

  @Test
  void givenSeveralBrokenRules_whenPreflightRuns_itReportsThemAllAtOnce() {
    Fixture f =
        Fixtures.withOverlay(
            """
        request: { datastore: nfs-01, failbackPolicyGiven: true }
        set:
          "masterTargets[mt-win-01].snapshots": [s1]
          "masterTargets[mt-win-01].scsiController": PARAVIRTUAL
          "network.closedPorts": [9443, 443]
          "masterTargets[mt-win-01].volumes[R:].addedAgo": 2m
        """,
            options());

    PreflightReport report = preflight(f);

    assertEquals(
        Set.of(
            Rule.DATASTORE_NFS_UNSUPPORTED,
            Rule.FAILBACK_POLICY_FIXED,
            Rule.MT_HAS_SNAPSHOTS,
            Rule.MT_PARAVIRTUAL_SCSI,
            Rule.PORTS_CLOSED,
            Rule.RETENTION_DRIVE_NOT_VISIBLE),
        rules(report.violations()));
    assertTrue(report.hasRuleViolations());
  }

  @Test
  void givenNoReplica_whenPreflightRuns_itStillReportsTheIndependentViolations() {
    Fixture f =
        Fixtures.withOverlay(
            """
        request: { replicatedItem: vm-ghost, failbackPolicyGiven: true, datastore: nfs-01 }
        set:
          "masterTargets[mt-win-01].vmwareTools": false
        """,
            options());

    PreflightReport report = preflight(f);

    assertEquals(
        Set.of(
            Rule.REPLICA_NOT_FOUND,
            Rule.FAILBACK_POLICY_FIXED,
            Rule.DATASTORE_NFS_UNSUPPORTED,
            Rule.MT_NO_VMWARE_TOOLS),
        rules(report.violations()));
    assertNull(report.target());
  }

  @Test
  void messagesNameTheOffendingObjectAndValue() {
    Fixture f = Fixtures.load("/fixtures/rules/MT_OS_MISMATCH.yaml", options());

    Violation v = preflight(f).violations().get(0);

    assertEquals("master target mt-lnx-01 runs LINUX but vm-a is WINDOWS", v.message());
  }

  @Test
  void givenADriveAddedFiveMinutesAgo_whenTenSiteMinutesPass_itBecomesVisible() {
    TestClock clock = new TestClock();
    Fixture f =
        Fixtures.load(
            "/fixtures/rules/RETENTION_DRIVE_NOT_VISIBLE.yaml",
            new SimulatedSite.Options(0.02, clock));
    assertEquals(Set.of(Rule.RETENTION_DRIVE_NOT_VISIBLE), rules(preflight(f).violations()));

    clock.advance(java.time.Duration.ofSeconds(12)); // 10 site minutes at 0.02

    PreflightReport report = preflight(f);
    assertTrue(report.ok(), () -> report.violations().toString());
    assertNotNull(report.target());
  }

  @Test
  void durationsRoundTrip() {
    assertEquals("4m12s", Durations.format(Durations.parse("4m12s")));
    assertEquals(java.time.Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(java.time.Duration.ofSeconds(252), Durations.parse("PT4M12S"));
  }
}
