package dev.reprotect.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.azure.core.exception.ClientAuthenticationException;
import dev.reprotect.asr.AsrContractSimulator.ServiceError;
import dev.reprotect.inventory.OsType;
import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.rules.Rule;
import dev.reprotect.site.AzureSide.Location;
import dev.reprotect.site.AzureSide.Origin;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.site.AzureSide.ReplicationState;
import dev.reprotect.site.AzureSide.ReplicationStatus;
import dev.reprotect.site.SiteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/** The Site Recovery adapter against the local contract simulator (not Azure). */
@Timeout(60)
class AsrAzureSideTest {

  private final String token = "canary-asr-token-" + UUID.randomUUID();
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private AsrContractSimulator sim;
  private AsrAzureSide asr;

  @BeforeEach
  void setUp() {
    logs.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(logs);
    sim = AsrContractSimulator.start(AsrContractSimulator.Options.fast(), token).withSample();
    asr = side(AsrFixtures.settings(sim));
  }

  private AsrAzureSide side(AsrSettings settings) {
    return new AsrAzureSide(
        settings,
        new ArmClient(settings, AsrFixtures.token(token)),
        Clock.systemUTC(),
        progress::add);
  }

  @AfterEach
  void tearDown() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
    sim.close();
    for (ILoggingEvent e : logs.list) {
      assertFalse(
          e.getFormattedMessage().contains(token),
          "the token reached a log line: " + e.getFormattedMessage());
    }
  }

  private static ReplicationSpec spec(String item, String retention) {
    return new ReplicationSpec(
        item, "mt-win-01", "ps-azure-01", "vmfs-01", retention, FailbackPolicy.FIXED);
  }

  // ---- Reads. ----

  @Test
  void givenAFailedOverItem_whenRead_itIsTheReplicaWithItsDocumentedFacts() {
    Replica web = asr.replica("vm-web-01").orElseThrow();

    assertEquals("vm-web-01", web.sourceVm());
    assertEquals("vc-01", web.sourceVCenter());
    assertEquals(OsType.WINDOWS, web.os());
    assertEquals("Windows Server 2019", web.osVersion());
    assertEquals(Origin.FAILED_OVER, web.origin());
    assertEquals("FailedOver", web.protectionState());
    assertTrue(web.protectionEnabled());
    assertFalse(web.migrated());
    assertFalse(web.movedResourceGroup());
    assertFalse(web.protectedAsPhysical());
    assertEquals(
        List.of(80L << 30, 200L << 30), web.disks().stream().map(d -> d.sizeBytes()).toList());
    assertEquals(OsType.LINUX, asr.replica("vm-db-01").orElseThrow().os());
    Replica app = asr.replica("vm-app-01").orElseThrow();
    assertEquals("rg-app", app.replicationGroup());
    assertEquals("rp-app", app.recoveryPlan());
  }

  @Test
  void givenMigratedNativeMovedAndMissingMachines_whenRead_eachSaysSo() {
    sim.vmMoved("vm-db-01");

    assertTrue(asr.replica("vm-migrated-01").orElseThrow().migrated());
    assertEquals(Origin.CREATED_IN_AZURE, asr.replica("vm-azure-native").orElseThrow().origin());
    assertTrue(asr.replica("vm-db-01").orElseThrow().movedResourceGroup());
    assertTrue(asr.replica("vm-nowhere").isEmpty());
  }

  @Test
  void givenNoRightToReadTheReplicaVm_whenRead_theReplicaIsStillReadWithoutTheMoveCheck() {
    sim.fault(
        "GET",
        "/microsoft.compute/virtualmachines/vm-web-01",
        403,
        null,
        new ServiceError(
            "AuthorizationFailed",
            "The client does not have authorization to perform action 'Microsoft.Compute/virtualMachines/read'.",
            null,
            null),
        1);

    Replica web = asr.replica("vm-web-01").orElseThrow();

    assertFalse(web.movedResourceGroup());
    assertTrue(
        logs.list.stream()
            .anyMatch(
                e -> e.getFormattedMessage().contains("VM_MOVED_RESOURCE_GROUP is not checked")));
  }

  @Test
  void givenPagesOfTwo_whenListing_everyItemIsReadThroughNextLink() {
    sim.pageSize(2);

    List<String> names = asr.replicas().stream().map(Replica::name).toList();

    assertEquals(
        List.of(
            "vm-web-01",
            "vm-db-01",
            "vm-old-01",
            "vm-app-01",
            "vm-app-02",
            "vm-azure-native",
            "vm-slow-agent-01"),
        names);
  }

  @Test
  void givenTheFabric_whenReadingServers_heartbeatsAndLocationsAreReported() {
    assertTrue(asr.configServerReachable());
    assertEquals(Location.AZURE, asr.processServer("ps-azure-01").orElseThrow().location());
    assertTrue(asr.processServer("ps-azure-01").orElseThrow().heartbeat());
    assertEquals(Location.ONPREM, asr.processServer("ps-onprem-01").orElseThrow().location());
    assertFalse(asr.processServer("ps-azure-02").orElseThrow().heartbeat());
    assertTrue(asr.processServer("ps-nowhere").isEmpty());
    assertTrue(asr.network().expressRoutePrivatePeering());
  }

  @Test
  void givenAgents_whenRead_registeredOnlyWhenTheyReportedSinceTheFailover() {
    assertTrue(asr.agent("vm-web-01").registered());
    assertFalse(asr.agent("vm-slow-agent-01").registered());
    assertTrue(asr.inConfigServer("vm-web-01"));
    sim.notInConfigServer("vm-web-01");
    assertFalse(asr.inConfigServer("vm-web-01"));
  }

  @Test
  void givenTheConfigurationServerDown_whenReadingThroughIt_itIsConfigServerUnreachable() {
    sim.configServerUp(false);

    assertFalse(asr.configServerReachable());
    SiteException e = assertThrows(SiteException.class, () -> asr.agent("vm-web-01"));
    assertEquals(Rule.CONFIG_SERVER_UNREACHABLE, e.rule());
    assertEquals(
        Rule.CONFIG_SERVER_UNREACHABLE,
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01", "R:")))
            .rule());
  }

  @Test
  void givenAProcessServerTheFabricDoesNotHave_whenReprotecting_itIsNotRegisteredNotUnreachable() {
    SiteException e =
        assertThrows(
            SiteException.class,
            () ->
                asr.startReplication(
                    new ReplicationSpec(
                        "vm-web-01",
                        "mt-win-01",
                        "ps-nowhere",
                        "vmfs-01",
                        "R:",
                        FailbackPolicy.FIXED)));
    assertEquals(Rule.PROCESS_SERVER_NOT_REGISTERED, e.rule());
    assertTrue(e.getMessage().contains("ps-nowhere"), e.getMessage());
  }

  // ---- Reprotect. ----

  @Test
  void givenAFailedOverItem_whenReprotected_theJobIsFollowedAndResyncGoesOnUntilProtected()
      throws Exception {
    assertEquals(ReplicationState.NOT_STARTED, asr.replication("vm-web-01").state());

    asr.startReplication(spec("vm-web-01", "R:"));

    assertTrue(
        progress.stream().anyMatch(p -> p.contains("Prerequisites check for reprotect [")),
        progress::toString);
    assertTrue(
        progress.get(progress.size() - 1).contains("Update the protection state [Succeeded]"),
        progress::toString);
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
    ReplicationStatus status = asr.replication("vm-web-01");
    assertTrue(
        status.state() == ReplicationState.SYNCHRONIZING
            || status.state() == ReplicationState.PROTECTED);
    assertEquals("ps-azure-01", status.processServer());
    assertEquals(280L << 30, status.bytesTotal());
    Instant deadline = Instant.now().plusSeconds(20);
    while (status.state() != ReplicationState.PROTECTED) {
      assertTrue(Instant.now().isBefore(deadline), "never protected: " + status);
      assertTrue(status.detail().startsWith("resync "), status::toString);
      Thread.sleep(50);
      status = asr.replication("vm-web-01");
    }
    assertEquals(100, status.percent());
    assertTrue(status.detail().contains("RPO 42 s"), status::toString);
    assertEquals("Protected", sim.protectionState("vm-web-01"));
  }

  @Test
  void givenAReprotectStillRunning_whenReadingReplication_itIsSynchronizingWithTheJobsTasks() {
    AsrAzureSide impatient = side(withStartFollow(Duration.ofMillis(1)));

    impatient.startReplication(spec("vm-web-01", "R:"));
    ReplicationStatus status = impatient.replication("vm-web-01");

    assertEquals(ReplicationState.SYNCHRONIZING, status.state());
    assertTrue(
        status
            .detail()
            .contains("Site Recovery job Reprotect InProgress: Prerequisites check for reprotect"),
        status::toString);
  }

  @Test
  void givenAProtectedItem_whenReplicationIsStopped_protectionIsDisabled() throws Exception {
    asr.startReplication(spec("vm-web-01", "R:"));

    asr.stopReplication("vm-web-01");

    assertEquals(ReplicationState.STOPPED, asr.replication("vm-web-01").state());
    assertNull(sim.protectionState("vm-web-01"));
    asr.stopReplication("vm-web-01"); // gone: a no-op
  }

  static Stream<Arguments> mappedErrors() {
    return Stream.of(
        Arguments.of(
            Rule.AGENT_NOT_REGISTERED,
            new ServiceError(
                "78052",
                "The mobility service agent on the virtual machine is not registered with the configuration server.",
                "The virtual machine was just failed over and the agent has not reported yet.",
                "Wait 15 minutes after the VM boots in Azure, then retry.")),
        Arguments.of(
            Rule.CONFIG_SERVER_UNREACHABLE,
            new ServiceError(
                "78020",
                "The configuration server is not connected to the Recovery Services vault.",
                "The configuration server is turned off or cannot reach Azure on port 443.",
                "Start the configuration server and check its connectivity.")),
        Arguments.of(
            Rule.PROCESS_SERVER_UNREACHABLE,
            new ServiceError(
                "78021",
                "The process server has no heartbeat with the configuration server.",
                "Port 443 is blocked between the process server and the configuration server.",
                "Open port 443 and restart the process server's services.")),
        Arguments.of(
            Rule.VCENTER_DISCONNECTED,
            new ServiceError(
                "78030",
                "The vCenter server vc-01 is not connected.",
                "Credentials expired or the vCenter is down.",
                "Reconnect the vCenter in the configuration server.")),
        Arguments.of(
            Rule.MT_HAS_SNAPSHOTS,
            new ServiceError(
                "78060",
                "The master target server mt-win-01 has a snapshot on its disks.",
                null,
                "Delete the master target's snapshots.")),
        Arguments.of(
            Rule.MT_DISK_LIMIT,
            new ServiceError(
                "78061",
                "The master target server has more than 60 disks attached.",
                null,
                "Use another master target.")),
        Arguments.of(
            Rule.DISK_UUID_CLASH,
            new ServiceError(
                "78062",
                "A disk of the virtual machine has the same UUID as a disk of the master target.",
                "The master target was deployed from the same template.",
                "Deploy a master target from another template.")),
        Arguments.of(
            Rule.RETENTION_DRIVE_INVALID,
            new ServiceError(
                "78045",
                "The retention drive R: is locked.",
                null,
                "Choose another retention drive.")),
        Arguments.of(
            Rule.DATASTORE_NFS_UNSUPPORTED,
            new ServiceError(
                "78047",
                "The datastore nfs-01 is an NFS datastore.",
                null,
                "Choose a VMFS or vSAN datastore.")),
        Arguments.of(
            Rule.DATASTORE_NOT_ACCESSIBLE,
            new ServiceError(
                "78046",
                "The datastore vmfs-01 is not accessible from the host.",
                null,
                "Mount it on the host.")),
        Arguments.of(
            Rule.VM_MOVED_RESOURCE_GROUP,
            new ServiceError(
                "70094",
                "The virtual machine was moved to another resource group.",
                null,
                "Move the virtual machine back.")),
        Arguments.of(
            Rule.FAILBACK_POLICY_FIXED,
            new ServiceError(
                "78070",
                "The replication policy is not a failback policy.",
                null,
                "Use the vault's failback policy.")));
  }

  @ParameterizedTest
  @MethodSource("mappedErrors")
  void
      givenAReprotectJobFailingWithAnAsrError_whenStarted_itIsTheMatchingRuleWithAsrsCausesAndAction(
          Rule rule, ServiceError error) {
    sim.failReprotect("vm-web-01", 1, error);

    SiteException e =
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01", "R:")));

    assertEquals(rule, e.rule());
    assertTrue(
        e.getMessage().contains(error.code())
            && e.getMessage().contains(withoutPeriod(error.message())),
        e::getMessage);
    if (error.possibleCauses() != null) {
      assertTrue(
          e.getMessage().contains("Possible causes: " + withoutPeriod(error.possibleCauses())),
          e::getMessage);
    }
    assertEquals(error.recommendedAction(), e.fix());
    assertEquals(rule, e.violation("vm-web-01").rule());
    assertEquals(error.recommendedAction(), e.violation("vm-web-01").fix());
    assertEquals("FailedOver", sim.protectionState("vm-web-01"));
  }

  @Test
  void
      givenAnAgentStillNotRegisteredPastTheBound_whenStarted_itIsANonRetryableAgentNotRegistered() {
    sim.failedOverAgo(Duration.ofHours(1));
    sim.failReprotect(
        "vm-web-01",
        1,
        new ServiceError(
            "78052",
            "The mobility service agent is not registered with the configuration server.",
            null,
            "Check the agent."));

    SiteException e =
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01", "R:")));

    assertEquals(Rule.AGENT_NOT_REGISTERED.name(), e.type());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("past the 15-minute bound"), e::getMessage);
    assertTrue(e.fix().contains("Check the agent."), e::fix);
  }

  @Test
  void
      givenAFailedReprotectJobStillCurrent_whenReadAndStartedAgain_itIsNotStartedAndASecondJobRuns() {
    sim.failReprotect(
        "vm-web-01",
        1,
        new ServiceError(
            "78052",
            "The mobility service agent is not registered with the configuration server.",
            null,
            "Wait, then retry."));
    assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01", "R:")));

    ReplicationStatus status = asr.replication("vm-web-01");
    assertEquals(ReplicationState.NOT_STARTED, status.state());
    assertTrue(status.detail().contains("Site Recovery job Reprotect Failed"), status::toString);

    asr.startReplication(spec("vm-web-01", "R:"));
    assertEquals(2, sim.reprotectJobs("vm-web-01"));
    assertTrue(asr.replication("vm-web-01").state() != ReplicationState.NOT_STARTED);
  }

  @Test
  void
      givenAnAsrErrorMatchingNoRule_whenStarted_itIsANonRetryableAsrOperationFailedWithTheAction() {
    sim.failReprotect(
        "vm-web-01",
        2,
        new ServiceError(
            "99999",
            "Something unexpected happened in the service.",
            "An internal error.",
            "Retry the reprotect after 30 minutes or contact support."));

    SiteException e =
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01", "R:")));

    assertEquals(ProductFailure.ASR_OPERATION_FAILED.name(), e.type());
    assertFalse(e.retryable());
    assertTrue(
        e.getMessage().contains("99999")
            && e.getMessage()
                .contains("Fix: Retry the reprotect after 30 minutes or contact support."),
        e::getMessage);
  }

  @Test
  void givenAnInputAsrRefuses_whenStarted_theSynchronous400IsMappedToo() {
    SiteException e =
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01", "Z:")));

    assertEquals(Rule.RETENTION_DRIVE_INVALID, e.rule());
    assertTrue(e.fix().startsWith("Add and format a new retention drive"), e::fix);
  }

  @Test
  void givenNoFailbackPolicyOfThatName_whenStarted_itIsFailbackPolicyFixedNamingTheSetting() {
    AsrSettings s = AsrFixtures.settings(sim);
    AsrAzureSide other =
        side(
            new AsrSettings(
                s.endpoint(),
                s.apiVersion(),
                s.subscriptionId(),
                s.resourceGroup(),
                s.vault(),
                s.fabric(),
                s.container(),
                "no-such-policy",
                s.runAsAccountId(),
                s.azureProcessServers(),
                s.network(),
                s.closedFailbackPorts(),
                s.heartbeatStaleAfter(),
                s.pollInterval(),
                s.startFollow(),
                s.timeout(),
                s.maxAttempts(),
                s.maxRetryAfter()));

    SiteException e =
        assertThrows(SiteException.class, () -> other.startReplication(spec("vm-web-01", "R:")));

    assertEquals(Rule.FAILBACK_POLICY_FIXED, e.rule());
    assertTrue(e.fix().contains("reprotect.site.azure.asr.failback-policy"), e::fix);
  }

  // ---- Throttling, service faults, credentials. ----

  @Test
  void givenThrottling_whenReading_theCallWaitsItsRetryAfterAndSucceeds() {
    sim.fault(
        "GET",
        "/replicationfabrics/cs-01-fabric",
        429,
        1,
        new ServiceError("TooManyRequests", "Number of requests exceeded the limit.", null, null),
        2);

    assertTrue(asr.processServer("ps-azure-01").isPresent());

    List<AsrContractSimulator.Request> fabricGets =
        sim.requests().stream()
            .filter(r -> r.path().toLowerCase().endsWith("/replicationfabrics/cs-01-fabric"))
            .toList();
    assertEquals(
        List.of(429, 429, 200),
        fabricGets.stream().map(AsrContractSimulator.Request::status).toList());
    for (int i = 1; i < fabricGets.size(); i++) {
      long waitedMs = (fabricGets.get(i).atNanos() - fabricGets.get(i - 1).atNanos()) / 1_000_000;
      assertTrue(waitedMs >= 950, "Retry-After 1 s not honoured: " + waitedMs + " ms");
    }
  }

  @Test
  void givenThrottlingThatLasts_whenReading_itIsARetryableAzureThrottled() {
    sim.fault("GET", "/replicationfabrics/cs-01-fabric", 429, 0, null, 100);

    SiteException e = assertThrows(SiteException.class, () -> asr.processServers());

    assertEquals(ProductFailure.AZURE_THROTTLED.name(), e.type());
    assertTrue(e.retryable());
    assertEquals(4, sim.requests().stream().filter(r -> r.status() == 429).count());
  }

  @Test
  void givenARetryAfterLongerThanTheCallMayWait_whenReading_itGoesBackToTheStepAtOnce() {
    sim.fault("GET", "/replicationfabrics/cs-01-fabric", 429, 600, null, 1);

    SiteException e = assertThrows(SiteException.class, () -> asr.processServers());

    assertEquals(ProductFailure.AZURE_THROTTLED.name(), e.type());
    assertTrue(e.getMessage().contains("Retry-After 600 s"), e::getMessage);
    assertEquals(1, sim.requests().size());
  }

  @Test
  void givenServiceFaults_whenReading_theyAreRetriedAndThenATransientAzureUnavailable() {
    sim.fault("GET", "/replicationprotecteditems/vm-web-01", 503, null, null, 2);
    assertTrue(asr.replica("vm-web-01").isPresent());

    sim.fault(
        "GET",
        "/replicationprotecteditems/vm-web-01",
        500,
        null,
        new ServiceError("InternalError", "An internal error occurred.", null, null),
        100);
    SiteException e = assertThrows(SiteException.class, () -> asr.replica("vm-web-01"));
    assertEquals(ProductFailure.AZURE_UNAVAILABLE.name(), e.type());
    assertTrue(e.retryable());
  }

  @Test
  void givenATokenArmRefuses_whenCalling_itIsANonRetryableAuthenticationFailureNamingTheSettings() {
    sim.acceptToken("another-token");

    SiteException e = assertThrows(SiteException.class, () -> asr.processServers());

    assertEquals(ProductFailure.AZURE_AUTHENTICATION_FAILED.name(), e.type());
    assertFalse(e.retryable());
    assertTrue(
        e.getMessage().contains("reprotect.site.azure.asr.client-secret-file"), e::getMessage);
    assertTrue(e.getMessage().contains("InvalidAuthenticationToken"), e::getMessage);
    assertFalse(e.getMessage().contains(token));
    assertEquals(2, sim.requests().size(), "one fresh token, then no more tries");
  }

  @Test
  void givenACredentialThatCannotGetAToken_whenCalling_itIsANonRetryableAuthenticationFailure() {
    AsrSettings s = AsrFixtures.settings(sim);
    AsrAzureSide noToken =
        new AsrAzureSide(
            s,
            new ArmClient(
                s,
                request ->
                    Mono.error(
                        new ClientAuthenticationException(
                            "AADSTS7000215: Invalid client secret provided.", null))),
            Clock.systemUTC(),
            progress::add);

    SiteException e = assertThrows(SiteException.class, noToken::processServers);

    assertEquals(ProductFailure.AZURE_AUTHENTICATION_FAILED.name(), e.type());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("AADSTS7000215"), e::getMessage);
    assertTrue(e.getMessage().contains("reprotect.site.azure.asr.tenant-id"), e::getMessage);
    assertTrue(sim.requests().isEmpty());
  }

  @Test
  void givenAPrincipalWithoutTheRole_whenCalling_itIsANonRetryableAuthorizationFailure() {
    sim.fault(
        "GET",
        "/replicationfabrics/",
        403,
        null,
        new ServiceError(
            "AuthorizationFailed",
            "The client does not have authorization to perform action.",
            null,
            null),
        1);

    SiteException e = assertThrows(SiteException.class, () -> asr.processServers());

    assertEquals(ProductFailure.AZURE_AUTHORIZATION_FAILED.name(), e.type());
    assertFalse(e.retryable());
    assertTrue(e.getMessage().contains("Site Recovery Contributor"), e::getMessage);
  }

  @Test
  void givenAnOperationUrlOnAnotherHost_whenFollowing_theTokenIsNotSentThere() {
    ArmClient arm = new ArmClient(AsrFixtures.settings(sim), AsrFixtures.token(token));

    SiteException e =
        assertThrows(
            SiteException.class,
            () -> arm.get("https://attacker.example/subscriptions/x?api-version=1"));

    assertFalse(e.retryable());
    assertTrue(sim.requests().isEmpty());
  }

  private static String withoutPeriod(String s) {
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  private AsrSettings withStartFollow(Duration follow) {
    return AsrFixtures.withStartFollow(AsrFixtures.settings(sim), follow);
  }
}
