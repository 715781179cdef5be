package dev.reprotect.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.PreflightRules;
import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.site.SiteException;
import dev.reprotect.testing.TestClock;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * What Site Recovery would refuse, read where the specification puts it and refused before anything
 * changes, against the contract simulator (not Azure): the failback policy's type, migration items
 * vault-wide, allowedOperations, the master target's retention volumes and datastores, a
 * replication group's master target (masterTargetId) and the replica VM's id (targetVmId,
 * InMageAzureV2 only).
 */
@Timeout(60)
class AsrReprotectChecksTest {

  private static final String TOKEN = "asr-checks-test-token";
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private AsrContractSimulator sim;
  private AsrAzureSide asr;

  @BeforeEach
  void setUp() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(AsrReplicaReader.class)).addAppender(logs);
    sim = AsrContractSimulator.start(AsrContractSimulator.Options.fast(), TOKEN).withSample();
    asr = side(AsrFixtures.settings(sim));
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(AsrReplicaReader.class)).detachAppender(logs);
    sim.close();
  }

  private AsrAzureSide side(AsrSettings settings) {
    return new AsrAzureSide(
        settings, new ArmClient(settings, AsrFixtures.token(TOKEN)), Clock.systemUTC(), p -> {});
  }

  private static ReplicationSpec spec(String item, String masterTarget, String retention) {
    return new ReplicationSpec(
        item, masterTarget, "ps-azure-01", "vmfs-01", retention, FailbackPolicy.FIXED);
  }

  private static List<Rule> rules(List<Violation> violations) {
    return violations.stream().map(Violation::rule).toList();
  }

  // ---- The failback policy. ----

  @Test
  void
      givenTheForwardPolicyNamedAsFailbackPolicy_whenStarted_itIsFailbackPolicyFixedAndNothingIsPosted() {
    AsrAzureSide forward =
        side(
            AsrFixtures.withPolicy(AsrFixtures.settings(sim), AsrContractSimulator.FORWARD_POLICY));

    SiteException e =
        assertThrows(
            SiteException.class,
            () -> forward.startReplication(spec("vm-web-01", "mt-win-01", "R:")));

    assertEquals(Rule.FAILBACK_POLICY_FIXED, e.rule());
    assertTrue(e.getMessage().contains("is of type InMageAzureV2"), e::getMessage);
    assertTrue(e.fix().contains("(type InMage)"), e::fix);
    assertEquals(0, sim.reprotectPosts("vm-web-01"));
    assertEquals(
        List.of(Rule.FAILBACK_POLICY_FIXED),
        rules(forward.reprotectViolations(spec("vm-web-01", "mt-win-01", "R:"))));
  }

  // ---- Migration items, vault-wide. ----

  @Test
  void givenMigrationItemsListedVaultWideOverPages_whenReadByMachineName_theMachineIsMigrated() {
    sim.migratedMachine("vm-migrated-02");
    sim.migratedMachine("vm-migrated-03");
    sim.pageSize(1);

    Replica migrated = asr.replica("vm-migrated-03").orElseThrow();

    assertTrue(migrated.migrated());
    assertEquals("vm-migrated-03", migrated.sourceVm());
    assertTrue(asr.replica("vm-never-there").isEmpty());
  }

  // ---- allowedOperations, retention volumes, datastores. ----

  @Test
  void
      givenAFailoverPendingItsCommit_whenCheckedBeforeReprotect_itIsReplicaNotProtectedNamingTheAllowedOperations() {
    sim.commitPending("vm-web-01");

    List<Violation> found = asr.reprotectViolations(spec("vm-web-01", "mt-win-01", "R:"));

    assertEquals(List.of(Rule.REPLICA_NOT_PROTECTED), rules(found));
    assertTrue(
        found
            .get(0)
            .message()
            .contains("allowed operations: [Commit, ChangePit, DisableProtection]"),
        found.get(0)::message);
    assertTrue(
        found.get(0).fix().contains("Commit a failover still pending commit"), found.get(0)::fix);
  }

  @Test
  void givenAnItemSiteRecoveryMayReprotect_whenCheckedBeforeReprotect_nothingIsRefused() {
    assertEquals(List.of(), asr.reprotectViolations(spec("vm-web-01", "mt-win-01", "R:")));
    assertEquals(0, sim.reprotectPosts("vm-web-01"));
  }

  @Test
  void
      givenARetentionDriveAndDatastoreTheMasterTargetDoesNotList_whenCheckedBeforeReprotect_eachIsItsRule() {
    List<Violation> found =
        asr.reprotectViolations(
            new ReplicationSpec(
                "vm-web-01", "mt-win-01", "ps-azure-01", "vmfs-99", "Z:", FailbackPolicy.FIXED));

    assertEquals(
        List.of(Rule.RETENTION_DRIVE_INVALID, Rule.DATASTORE_NOT_ACCESSIBLE), rules(found));
    assertTrue(
        found
            .get(0)
            .message()
            .contains(
                "lists no retention volume Z: on master target mt-win-01 (it lists [R:, S:, T:])"),
        found.get(0)::message);
  }

  @Test
  void
      givenAMasterTargetTheConfigurationServerDoesNotList_whenCheckedBeforeReprotect_itIsNotDiscovered() {
    List<Violation> found = asr.reprotectViolations(spec("vm-web-01", "mt-nowhere", "R:"));

    assertEquals(List.of(Rule.ALTERNATE_VCENTER_NOT_DISCOVERED), rules(found));
    assertTrue(
        found
            .get(0)
            .fix()
            .contains("register master target mt-nowhere with the configuration server"),
        found.get(0)::fix);
  }

  @Test
  void givenARetentionDriveOnlyVCenterShows_whenPreflighted_theReportCarriesSiteRecoverysRefusal() {
    sim.masterTarget("mt-win-01", List.of("S:"));
    SimulatedSite onPrem =
        SimulatedSite.loadSample(new SimulatedSite.Options(0.02, new TestClock()));

    PreflightReport report =
        PreflightRules.evaluate(
            PreflightFacts.read(
                onPrem,
                asr,
                ReprotectRequest.of("vm-web-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:")));

    assertTrue(
        report.violations().stream()
            .anyMatch(
                v ->
                    v.rule() == Rule.RETENTION_DRIVE_INVALID
                        && v.message()
                            .contains("the configuration server lists no retention volume R:")),
        report::toString);
    assertEquals(0, sim.reprotectPosts("vm-web-01"));
  }

  // ---- masterTargetId: a replication group already reprotected elsewhere. ----

  @Test
  void
      givenAGroupMemberReprotectedToAnotherMasterTarget_whenCheckedBeforeReprotect_itIsGroupMultipleMasterTargets() {
    asr.startReplication(spec("vm-app-01", "mt-win-01", "R:"));

    List<Violation> found =
        asr.reprotectViolations(spec("vm-app-02", "mt-lnx-01", "/mnt/retention"));

    assertEquals(List.of(Rule.GROUP_MULTIPLE_MASTER_TARGETS), rules(found));
    assertTrue(
        found
            .get(0)
            .message()
            .contains("vm-app-01 is reprotected to master target mt-win-01, not mt-lnx-01"),
        found.get(0)::message);
    assertEquals(List.of(), asr.reprotectViolations(spec("vm-app-02", "mt-win-01", "R:")));
  }

  // ---- targetVmId: only before reprotect. ----

  @Test
  void givenAReprotectedItem_whenRead_theMoveCheckIsSaidNotToApplyAndTheVmIsNotLookedFor() {
    asr.startReplication(spec("vm-web-01", "mt-win-01", "R:"));
    sim.vmMoved("vm-web-01");

    Replica web = asr.replica("vm-web-01").orElseThrow();

    assertFalse(web.movedResourceGroup());
    assertTrue(
        logs.list.stream()
            .anyMatch(
                e ->
                    e.getFormattedMessage()
                        .contains(
                            "vm-web-01: reprotected already (InMage details carry no targetVmId): VM_MOVED_RESOURCE_GROUP not checked")));
    assertTrue(
        sim.requests().stream()
            .noneMatch(r -> r.path().toLowerCase().contains("/virtualmachines/vm-web-01")));
  }

  @Test
  void givenAnItemNotYetReprotected_whenItsVmMoved_itIsStillMovedResourceGroup() {
    sim.vmMoved("vm-web-01");

    assertTrue(asr.replica("vm-web-01").orElseThrow().movedResourceGroup());
  }

  @Test
  void givenProgressSentAsTheSpecificationsString_whenRead_itIsAPercentage() {
    assertEquals(42, AsrAzureSide.percentOf(TextNode.valueOf("42")));
    assertEquals(42, AsrAzureSide.percentOf(IntNode.valueOf(42)));
    assertEquals(0, AsrAzureSide.percentOf(MissingNode.getInstance()));
    assertEquals(100, AsrAzureSide.percentOf(TextNode.valueOf("100.0")));
  }
}
