package dev.reprotect.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.PreflightRules;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.site.AzureSide.AgentStatus;
import dev.reprotect.testing.Fixtures;
import dev.reprotect.testing.TestClock;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SimulatedSiteTest {

  private final TestClock clock = new TestClock();

  private SimulatedSite sample() {
    return SimulatedSite.loadSample(new SimulatedSite.Options(0.02, clock));
  }

  private static SimulatedSite load(String yaml) {
    return SimulatedSite.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "test.yaml",
        new SimulatedSite.Options(1.0, new TestClock()));
  }

  @Test
  void givenAnUnknownKey_whenLoading_itFailsNamingTheKeyTheFileAndWhere() {
    InventoryException e =
        assertThrows(
            InventoryException.class,
            () ->
                load(
                    """
        vcenters:
          - { name: vc-01, colour: blue }
        """));

    assertTrue(
        e.getMessage().startsWith("inventory test.yaml: unknown key 'colour' at vcenters[0]"),
        e.getMessage());
    assertTrue(e.getMessage().contains("readOnlyAccount"), e.getMessage());
  }

  @Test
  void givenAnUnknownKeyInAFile_whenLoading_theMessageNamesTheFile(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("site.yaml");
    Files.writeString(file, "netwrok: {}\n");

    InventoryException e =
        assertThrows(
            InventoryException.class,
            () -> SimulatedSite.load(file, SimulatedSite.Options.defaults()));

    assertTrue(
        e.getMessage().contains(file.toString())
            && e.getMessage().contains("unknown key 'netwrok'"),
        e.getMessage());
  }

  static Stream<Arguments> danglingReferences() {
    return Stream.of(
        Arguments.of(
            """
            vcenters: [{ name: vc-01 }]
            hosts: [{ name: esx-01, vcenter: vc-01 }]
            datastores: [{ name: vmfs-01, type: VMFS }]
            vms:
              - { name: vm-x, os: WINDOWS, host: esx-01, disks: [{ name: d0, datastore: vmfs-09, size: 1GiB }] }
            """,
            "VM vm-x's disk d0 refers to unknown datastore 'vmfs-09'"),
        Arguments.of(
            """
            vcenters: [{ name: vc-01 }]
            hosts: [{ name: esx-01, vcenter: vc-02 }]
            """,
            "host esx-01 refers to unknown vCenter 'vc-02'"),
        Arguments.of(
            """
            vcenters: [{ name: vc-01 }]
            masterTargets: [{ name: mt-1, os: LINUX, host: esx-404 }]
            """,
            "master target mt-1 refers to unknown host 'esx-404'"),
        Arguments.of(
            """
            replicas: [{ name: vm-gone, os: WINDOWS }]
            """,
            "replica vm-gone has no disks and its on-premises VM vm-gone does not exist"));
  }

  @ParameterizedTest
  @MethodSource("danglingReferences")
  void givenADanglingReference_whenLoading_itFailsNamingIt(String yaml, String expected) {
    InventoryException e = assertThrows(InventoryException.class, () -> load(yaml));

    assertTrue(e.getMessage().contains(expected), e.getMessage());
    assertTrue(e.getMessage().startsWith("inventory test.yaml: "), e.getMessage());
  }

  @Test
  void givenABadDuration_whenLoading_itFailsNamingTheValue() {
    InventoryException e =
        assertThrows(
            InventoryException.class,
            () ->
                load(
                    "replicas: [{ name: r, os: LINUX, agentRegistersAfter: 4 minutes, disks: [{ name: d, size: 1 }] }]"));

    assertTrue(e.getMessage().contains("agentRegistersAfter of replica r"), e.getMessage());
  }

  @Test
  void givenTheSample_whenLoaded_theDocumentedItemsHaveNoBlockingViolation() {
    SimulatedSite site = sample();
    for (ReprotectRequest request :
        new ReprotectRequest[] {
          ReprotectRequest.of("vm-web-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:"),
          ReprotectRequest.of("vm-db-01", "mt-lnx-01", "ps-azure-01", "vsan-01", "/mnt/retention"),
          ReprotectRequest.of("vm-old-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:")
        }) {
      PreflightReport report = PreflightRules.evaluate(PreflightFacts.read(site, site, request));
      assertTrue(report.ok(), () -> request.replicatedItem() + ": " + report.violations());
      assertEquals(0, report.warnings().size(), () -> report.warnings().toString());
    }
    PreflightReport old =
        PreflightRules.evaluate(
            PreflightFacts.read(
                site,
                site,
                ReprotectRequest.of("vm-old-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:")));
    assertEquals(RecoveryLocation.ALTERNATE, old.target().recoveryLocation());
  }

  static Stream<Arguments> sampleRuleBreakers() {
    return Stream.of(
        Arguments.of("vm-azure-native", "mt-win-01", Rule.VM_CREATED_IN_AZURE),
        Arguments.of("vm-migrated-01", "mt-win-01", Rule.VM_MIGRATED),
        Arguments.of("vm-clone-01", "mt-win-01", Rule.DISK_UUID_CLASH),
        Arguments.of("vm-app-01", "mt-win-01", Rule.GROUP_REQUIRES_RECOVERY_PLAN),
        Arguments.of("vm-web-01", "mt-win-02", Rule.MT_HAS_SNAPSHOTS),
        Arguments.of("vm-web-01", "mt-win-02", Rule.MT_PARAVIRTUAL_SCSI),
        Arguments.of("vm-web-01", "mt-lnx-01", Rule.MT_OS_MISMATCH));
  }

  @ParameterizedTest(name = "{0} on {1}: {2}")
  @MethodSource("sampleRuleBreakers")
  void givenTheSample_theDocumentedRuleBreakersBreakTheirRule(String item, String mt, Rule rule) {
    SimulatedSite site = sample();
    PreflightReport report =
        PreflightRules.evaluate(
            PreflightFacts.read(
                site, site, ReprotectRequest.of(item, mt, "ps-azure-01", "vmfs-01", "R:")));

    assertTrue(
        report.violations().stream().anyMatch(v -> v.rule() == rule),
        report.violations()::toString);
  }

  @Test
  void givenTheSample_theSlowAgentRegistersOnlyAfterFortySiteMinutes() {
    SimulatedSite site = sample();

    clock.advance(Duration.ofSeconds(18)); // 15 site minutes at 0.02
    assertEquals(new AgentStatus(false, null), site.agent("vm-slow-agent-01"));
    assertEquals(new AgentStatus(true, Duration.ofSeconds(252)), site.agent("vm-web-01"));

    clock.advance(Duration.ofSeconds(30)); // 40 site minutes
    assertTrue(site.agent("vm-slow-agent-01").registered());
  }

  @Test
  void siteTimeRunsOneOverTimeScaleFasterThanTheClock() {
    SimulatedSite site = sample();

    clock.advance(Duration.ofSeconds(24));

    assertEquals(Duration.ofMinutes(20), site.siteElapsed());
  }

  @Test
  void givenTheBaseFixture_whenReadConcurrently_itStaysConsistent() throws Exception {
    SimulatedSite site = Fixtures.base(new SimulatedSite.Options(1.0, clock)).site();
    Thread[] threads = new Thread[8];
    for (int i = 0; i < threads.length; i++) {
      threads[i] =
          new Thread(
              () -> {
                for (int n = 0; n < 200; n++) {
                  site.powerOff("vm-a");
                  site.vm("vm-a").orElseThrow();
                }
              });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertEquals(1600, site.sideEffects("vm-a").powerOffs());
  }
}
