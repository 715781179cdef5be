package dev.reprotect.reprotect;

import static dev.reprotect.testing.Activities.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.activities.ActivityImplementations;
import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.activities.Heartbeating;
import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.Validation;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.simulated.SiteFaults;
import dev.reprotect.site.AzureSide.ReplicationState;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.site.OnPremSite.PowerState;
import dev.reprotect.testing.Activities;
import dev.reprotect.testing.Fixtures;
import dev.reprotect.testing.TestClock;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The reprotect steps over the simulated site, through Temporal's activity test environment. */
class ReprotectActivitiesImplTest {

  private static final ActivitySettings FAST =
      new ActivitySettings(Duration.ofMillis(2), Duration.ofMillis(60), Duration.ofMillis(2));

  private final TestClock clock = new TestClock();
  private TestActivityEnvironment env;
  private SimulatedSite site;
  private ReprotectActivities steps;
  private PreflightActivities preflight;

  @BeforeEach
  void setUp() {
    use(Fixtures.base(new SimulatedSite.Options(1.0, clock)).site());
  }

  private void use(SimulatedSite s) {
    if (env != null) {
      env.close();
    }
    site = s;
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        ActivityImplementations.create(site, site, FAST).all().toArray());
    steps = Activities.stub(env, ReprotectActivities.class);
    preflight = Activities.stub(env, PreflightActivities.class);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static void assertRule(Rule rule, boolean retryable, ApplicationFailure failure) {
    assertEquals(rule.name(), failure.getType(), failure::getMessage);
    assertEquals(!retryable, failure.isNonRetryable(), failure::getMessage);
  }

  // ---- WAIT_FOR_AGENT ----

  @Test
  void
      givenAnAgentNotRegisteredWithinThePollWindow_whenWaiting_itFailsRetryablyWithAgentNotRegistered() {
    ApplicationFailure f = failure(() -> steps.waitForAgent(new WaitForAgentRequest("vm-a")));

    assertRule(Rule.AGENT_NOT_REGISTERED, true, f);
    assertEquals(Rule.AGENT_NOT_REGISTERED, RuleFailures.find(f).orElseThrow().rule());
  }

  @Test
  void givenAnAgentThatRegistersWhilePolling_whenWaiting_itReturnsTheSiteTimeItTook() {
    LongWindow longWindow = new LongWindow();
    List<Integer> beats = new ArrayList<>();
    env.setActivityHeartbeatListener(Integer.class, beats::add);
    clock.tickOnEveryRead(Duration.ofSeconds(30)); // the agent registers 4m12s after start

    StepResult result = longWindow.steps.waitForAgent(new WaitForAgentRequest("vm-a"));

    assertEquals("registered after 4m12s", result.detail());
    assertEquals(1, result.attempt());
    assertFalse(beats.isEmpty(), "it heartbeats while it polls");
  }

  @Test
  void givenAPowerOffThatWaitsLongOnVCenter_whenPoweringOff_itHeartbeatsMeanwhile() {
    // A port whose power-off takes longer than two keep-alive periods (a slow vCenter task).
    OnPremSite slow =
        (OnPremSite)
            Proxy.newProxyInstance(
                OnPremSite.class.getClassLoader(),
                new Class<?>[] {OnPremSite.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("powerOff")) {
                    Thread.sleep(Heartbeating.EVERY.toMillis() * 2 + 500);
                  }
                  try {
                    return method.invoke(site, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    List<String> beats = new CopyOnWriteArrayList<>();
    StepResult result;
    TestActivityEnvironment slowEnv = TestActivityEnvironment.newInstance();
    try {
      slowEnv.registerActivitiesImplementations(new ReprotectActivitiesImpl(slow, site, FAST));
      slowEnv.setActivityHeartbeatListener(String.class, beats::add);
      result =
          Activities.stub(slowEnv, ReprotectActivities.class)
              .powerOff(new PowerOffRequest("vm-a", "vm-a"));
    } finally {
      slowEnv.close();
    }

    assertEquals("powered off vm-a", result.detail());
    assertFalse(beats.isEmpty(), "no heartbeat while the power-off waited");
    assertEquals(ReprotectActivitiesImpl.WAITING, beats.get(0));
  }

  /** The same site with a poll window long enough for the ticking clock. */
  private final class LongWindow {
    final ReprotectActivities steps;

    LongWindow() {
      env.close();
      env = TestActivityEnvironment.newInstance();
      env.registerActivitiesImplementations(
          ActivityImplementations.create(
                  site,
                  site,
                  new ActivitySettings(
                      Duration.ofMillis(1), Duration.ofSeconds(10), Duration.ofMillis(1)))
              .all()
              .toArray());
      steps = Activities.stub(env, ReprotectActivities.class);
    }
  }

  @Test
  void givenTheConfigServerDown_whenWaitingForTheAgent_itFailsRetryably() {
    SiteFaults.of(site).disconnectConfigServer();

    assertRule(
        Rule.CONFIG_SERVER_UNREACHABLE,
        true,
        failure(() -> steps.waitForAgent(new WaitForAgentRequest("vm-a"))));

    SiteFaults.of(site).reconnectConfigServer();
    clock.advance(Duration.ofMinutes(5));
    assertEquals(
        "registered after 4m12s", steps.waitForAgent(new WaitForAgentRequest("vm-a")).detail());
  }

  // ---- MERGE_SNAPSHOTS, POWER_OFF: idempotent ----

  @Test
  void givenSnapshots_whenMergedTwice_theSecondRunChangesNothing() {
    StepResult first = steps.mergeSnapshots(new MergeSnapshotsRequest("vm-a", "vm-a"));
    StepResult second = steps.mergeSnapshots(new MergeSnapshotsRequest("vm-a", "vm-a"));

    assertEquals("merged 2 snapshots", first.detail());
    assertEquals("no snapshots to merge", second.detail());
    assertEquals(1, site.sideEffects("vm-a").snapshotMerges());
    assertTrue(site.vm("vm-a").orElseThrow().snapshots().isEmpty());
  }

  @Test
  void givenAVmThatIsOn_whenPoweredOffTwice_itIsPoweredOffOnce() {
    assertEquals("powered off vm-a", steps.powerOff(new PowerOffRequest("vm-a", "vm-a")).detail());
    assertEquals("already off", steps.powerOff(new PowerOffRequest("vm-a", "vm-a")).detail());

    assertEquals(1, site.sideEffects("vm-a").powerOffs());
    assertEquals(PowerState.POWERED_OFF, site.vm("vm-a").orElseThrow().powerState());
  }

  @Test
  void givenVCenterDisconnected_whenPoweringOff_itFailsRetryablyAndSucceedsOnceReconnected() {
    SiteFaults.of(site).disconnectVCenter("vc-01");

    assertRule(
        Rule.VCENTER_DISCONNECTED,
        true,
        failure(() -> steps.powerOff(new PowerOffRequest("vm-a", "vm-a"))));
    assertEquals(0, site.sideEffects("vm-a").powerOffs());

    SiteFaults.of(site).reconnectVCenter("vc-01");
    assertEquals("powered off vm-a", steps.powerOff(new PowerOffRequest("vm-a", "vm-a")).detail());
  }

  // ---- ATTACH_DISKS ----

  @Test
  void givenOriginalLocation_whenAttachingTwice_theDisksAreAttachedOnce() {
    AttachDisksRequest request =
        new AttachDisksRequest("vm-a", "vm-a", "mt-win-01", "vmfs-01", RecoveryLocation.ORIGINAL);

    assertEquals("attached 2 disks (2 new) to mt-win-01", steps.attachDisks(request).detail());
    assertEquals("attached 2 disks (0 new) to mt-win-01", steps.attachDisks(request).detail());

    assertEquals(1, site.sideEffects("vm-a").diskAttaches());
    assertEquals(2, site.masterTarget("mt-win-01").orElseThrow().attachedFor("vm-a").size());
  }

  @Test
  void givenAlternateLocation_whenAttachingTwice_theVmIsCreatedOnceWithNewDisksOnTheDatastore() {
    AttachDisksRequest request =
        new AttachDisksRequest("vm-b", null, "mt-win-01", "vsan-01", RecoveryLocation.ALTERNATE);

    StepResult first = steps.attachDisks(request);
    StepResult second = steps.attachDisks(request);

    assertEquals(
        "created vm-b on esx-01 with 2 new disks on vsan-01; attached 2 disks (2 new) to mt-win-01",
        first.detail());
    assertEquals("attached 2 disks (0 new) to mt-win-01", second.detail());
    SideEffects effects = site.sideEffects("vm-b");
    assertEquals(1, effects.vmCreations());
    assertEquals(1, effects.diskAttaches());
    OnPremVm created = site.vm("vm-b").orElseThrow();
    assertEquals("esx-01", created.host());
    assertEquals(PowerState.POWERED_OFF, created.powerState());
    assertTrue(created.disks().stream().allMatch(d -> d.datastore().equals("vsan-01")));
    assertEquals(
        List.of(60L << 30, 20L << 30), created.disks().stream().map(d -> d.sizeBytes()).toList());
  }

  @Test
  void givenAttachedDisks_whenDetachedAsCompensation_theyAreDetachedOnceAndOtherItemsKeepTheirs() {
    site.attachDisks(
        "mt-win-01",
        "vm-other",
        List.of(
            new dev.reprotect.site.OnPremSite.VirtualDisk("other_0", "uuid-other", "vmfs-01", 1)));
    steps.attachDisks(
        new AttachDisksRequest("vm-a", "vm-a", "mt-win-01", "vmfs-01", RecoveryLocation.ORIGINAL));

    assertEquals(
        "detached 2 disks from mt-win-01",
        steps.detachDisks(new DetachDisksRequest("vm-a", "mt-win-01")).detail());
    assertEquals(
        "no disks of vm-a attached to mt-win-01",
        steps.detachDisks(new DetachDisksRequest("vm-a", "mt-win-01")).detail());

    MasterTarget mt = site.masterTarget("mt-win-01").orElseThrow();
    assertEquals(0, mt.attachedFor("vm-a").size());
    assertEquals(1, mt.attachedFor("vm-other").size());
    assertEquals(1, site.sideEffects("vm-a").diskDetaches());
  }

  @Test
  void givenAStorageVMotionedMasterTarget_whenDetaching_itFailsWithMtStorageVMotioned() {
    steps.attachDisks(
        new AttachDisksRequest("vm-a", "vm-a", "mt-win-01", "vmfs-01", RecoveryLocation.ORIGINAL));
    SiteFaults.of(site).storageVMotion("mt-win-01");

    assertRule(
        Rule.MT_STORAGE_VMOTIONED,
        false,
        failure(() -> steps.detachDisks(new DetachDisksRequest("vm-a", "mt-win-01"))));
  }

  // ---- START_REPLICATION, SYNCHRONIZE, STOP_REPLICATION ----

  private StartReplicationRequest start() {
    return new StartReplicationRequest(
        "vm-a", "mt-win-01", "ps-azure-01", "vmfs-01", "R:", FailbackPolicy.FIXED);
  }

  @Test
  void givenReplicationStartedTwice_itStartsOnce() {
    assertTrue(
        steps
            .startReplication(start())
            .detail()
            .startsWith("started replication through ps-azure-01"));
    assertTrue(steps.startReplication(start()).detail().startsWith("already started"));

    assertEquals(1, site.sideEffects("vm-a").replicationStarts());
  }

  @Test
  void
      givenAProcessServerTheConfigurationServerDoesNotKnow_whenStartingReplication_itFailsAtOnceNotRetried() {
    assertRule(
        Rule.PROCESS_SERVER_NOT_REGISTERED,
        false,
        failure(
            () ->
                steps.startReplication(
                    new StartReplicationRequest(
                        "vm-a",
                        "mt-win-01",
                        "ps-azure-1",
                        "vmfs-01",
                        "R:",
                        FailbackPolicy.FIXED))));
    assertEquals(0, site.sideEffects("vm-a").replicationStarts());
  }

  @Test
  void
      givenAProcessServerTheConfigurationServerDoesNotKnow_whenValidating_itFailsAtOnceNotRetried() {
    var fixture =
        Fixtures.load(
            "/fixtures/rules/PROCESS_SERVER_NOT_REGISTERED.yaml",
            new SimulatedSite.Options(1.0, clock));
    use(fixture.site());

    assertRule(
        Rule.PROCESS_SERVER_NOT_REGISTERED,
        false,
        failure(() -> preflight.validate(fixture.request())));
  }

  @Test
  void givenTheProcessServerWithoutHeartbeat_whenStartingReplication_itFailsRetryably() {
    SiteFaults.of(site).disconnectProcessServer("ps-azure-01");

    assertRule(
        Rule.PROCESS_SERVER_UNREACHABLE, true, failure(() -> steps.startReplication(start())));
    assertEquals(0, site.sideEffects("vm-a").replicationStarts());

    SiteFaults.of(site).reconnectProcessServer("ps-azure-01");
    steps.startReplication(start());
    assertEquals(1, site.sideEffects("vm-a").replicationStarts());
  }

  @Test
  void givenReplicationRunning_whenSynchronizing_itHeartbeatsProgressUntilProtected() {
    steps.powerOff(new PowerOffRequest("vm-a", "vm-a"));
    steps.startReplication(start());
    List<dev.reprotect.reprotect.SyncProgress> beats = new ArrayList<>();
    env.setActivityHeartbeatListener(SyncProgress.class, beats::add);
    clock.tickOnEveryRead(Duration.ofSeconds(20));

    StepResult result = steps.synchronize(new SynchronizeRequest("vm-a", "vm-a", "mt-win-01"));

    assertEquals("protected after sending 10 GiB of 10 GiB", result.detail());
    assertFalse(beats.isEmpty()); // the SDK throttles heartbeats: the first is sent at once
    assertTrue(beats.get(0).percent() < 100);
    assertEquals(10L << 30, beats.get(0).bytesTotal());
    assertEquals("PROTECTED", site.replica("vm-a").orElseThrow().protectionState());
  }

  @Test
  void givenAPreviousHeartbeat_whenSynchronizeIsRetried_itResumesFromIt() {
    steps.powerOff(new PowerOffRequest("vm-a", "vm-a"));
    steps.startReplication(start());
    env.setHeartbeatDetails(new SyncProgress(40, 4L << 30, 10L << 30, "SYNCHRONIZING"));
    clock.advance(Duration.ofMinutes(30));

    StepResult result = steps.synchronize(new SynchronizeRequest("vm-a", "vm-a", "mt-win-01"));

    assertTrue(result.detail().endsWith("(resumed at 40%)"), result.detail());
  }

  @Test
  void givenACancelRequest_whenSynchronizing_theHeartbeatCancellationPropagates() throws Exception {
    steps.powerOff(new PowerOffRequest("vm-a", "vm-a"));
    steps.startReplication(start()); // the clock stands still: replication never ends by itself
    Thread canceller =
        new Thread(
            () -> {
              try {
                Thread.sleep(100);
              } catch (InterruptedException e) {
                return;
              }
              env.requestCancelActivity();
            });
    canceller.start();

    // A heartbeat timeout makes the SDK send heartbeats (and learn of the cancel) every 0.4 s.
    ReprotectActivities heartbeating =
        env.newActivityStub(
            ReprotectActivities.class,
            ActivityOptions.newBuilder(Activities.ONCE)
                .setHeartbeatTimeout(Duration.ofMillis(500))
                .build());

    assertThrows(
        CanceledFailure.class,
        () -> heartbeating.synchronize(new SynchronizeRequest("vm-a", "vm-a", "mt-win-01")));
    canceller.join();
  }

  @Test
  void givenTheOnPremVmPoweredOnDuringSync_whenSynchronizing_itFailsNonRetryably() {
    steps.powerOff(new PowerOffRequest("vm-a", "vm-a"));
    steps.startReplication(start());
    SiteFaults.of(site).powerOn("vm-a");

    ApplicationFailure f =
        failure(() -> steps.synchronize(new SynchronizeRequest("vm-a", "vm-a", "mt-win-01")));

    assertRule(Rule.ONPREM_VM_POWERED_ON, false, f);
    assertTrue(f.getOriginalMessage().contains("vm-a was powered on"), f.getOriginalMessage());
  }

  @Test
  void givenTheMasterTargetStorageVMotionedDuringSync_whenSynchronizing_itFailsNonRetryably() {
    steps.powerOff(new PowerOffRequest("vm-a", "vm-a"));
    steps.attachDisks(
        new AttachDisksRequest("vm-a", "vm-a", "mt-win-01", "vmfs-01", RecoveryLocation.ORIGINAL));
    steps.startReplication(start());
    SiteFaults.of(site).storageVMotion("mt-win-01");

    assertRule(
        Rule.MT_STORAGE_VMOTIONED,
        false,
        failure(() -> steps.synchronize(new SynchronizeRequest("vm-a", "vm-a", "mt-win-01"))));
  }

  @Test
  void givenVCenterDisconnectedDuringSync_whenSynchronizing_itFailsRetryably() {
    steps.powerOff(new PowerOffRequest("vm-a", "vm-a"));
    steps.startReplication(start());
    SiteFaults.of(site).disconnectVCenter("vc-01");

    assertRule(
        Rule.VCENTER_DISCONNECTED,
        true,
        failure(() -> steps.synchronize(new SynchronizeRequest("vm-a", "vm-a", "mt-win-01"))));
  }

  @Test
  void givenTheProcessServerLostDuringSync_whenSynchronizing_itFailsRetryably() {
    steps.powerOff(new PowerOffRequest("vm-a", "vm-a"));
    steps.startReplication(start());
    SiteFaults.of(site).disconnectProcessServer("ps-azure-01");

    assertRule(
        Rule.PROCESS_SERVER_UNREACHABLE,
        true,
        failure(() -> steps.synchronize(new SynchronizeRequest("vm-a", "vm-a", "mt-win-01"))));
  }

  @Test
  void givenReplicationStarted_whenStoppedTwiceAsCompensation_itStopsOnce() {
    steps.startReplication(start());

    assertEquals(
        "stopped replication", steps.stopReplication(new StopReplicationRequest("vm-a")).detail());
    assertEquals(
        "replication not running (STOPPED)",
        steps.stopReplication(new StopReplicationRequest("vm-a")).detail());

    assertEquals(1, site.sideEffects("vm-a").replicationStops());
    assertEquals(ReplicationState.STOPPED, site.replication("vm-a").state());
  }

  // ---- VALIDATE ----

  @Test
  void givenARuleViolation_whenValidating_itFailsNonRetryablyTypedByTheRule() {
    use(
        Fixtures.load(
                "/fixtures/rules/MT_HAS_SNAPSHOTS.yaml", new SimulatedSite.Options(1.0, clock))
            .site());
    var request =
        Fixtures.load(
                "/fixtures/rules/MT_HAS_SNAPSHOTS.yaml", new SimulatedSite.Options(1.0, clock))
            .request();

    ApplicationFailure f = failure(() -> preflight.validate(request));

    assertRule(Rule.MT_HAS_SNAPSHOTS, false, f);
    assertEquals(1, RuleFailures.find(f).orElseThrow().attempt());
  }

  @Test
  void givenOnlyATransientRetentionDrive_whenValidating_itFailsRetryablyThenPassesOnceTimePasses() {
    var fixture =
        Fixtures.load(
            "/fixtures/rules/RETENTION_DRIVE_NOT_VISIBLE.yaml",
            new SimulatedSite.Options(1.0, clock));
    use(fixture.site());

    assertRule(
        Rule.RETENTION_DRIVE_NOT_VISIBLE,
        true,
        failure(() -> preflight.validate(fixture.request())));

    clock.advance(Duration.ofMinutes(10));
    Validation passed = preflight.validate(fixture.request());
    assertEquals("vm-a", passed.target().onPremVm());
  }

  @Test
  void givenTransientSiteFaults_whenValidating_eachFailsRetryablyWithItsRule() {
    var request = Fixtures.base(new SimulatedSite.Options(1.0, clock)).request();

    SiteFaults.of(site).disconnectVCenter("vc-01");
    assertRule(Rule.VCENTER_DISCONNECTED, true, failure(() -> preflight.validate(request)));
    SiteFaults.of(site).reconnectVCenter("vc-01");

    SiteFaults.of(site).disconnectConfigServer();
    assertRule(Rule.CONFIG_SERVER_UNREACHABLE, true, failure(() -> preflight.validate(request)));
    SiteFaults.of(site).reconnectConfigServer();

    SiteFaults.of(site).disconnectProcessServer("ps-azure-01");
    assertRule(Rule.PROCESS_SERVER_UNREACHABLE, true, failure(() -> preflight.validate(request)));
    SiteFaults.of(site).reconnectProcessServer("ps-azure-01");

    assertEquals(List.of(), preflight.validate(request).warnings());
  }

  // ---- The whole runbook on the sample inventory ----

  @Test
  void givenTheSample_whenEveryStepRunsTwiceForVmWeb01_itIsProtectedAndNothingWasDoneTwice() {
    use(SimulatedSite.loadSample(new SimulatedSite.Options(0.02, clock)));
    ReprotectRequest request =
        ReprotectRequest.of("vm-web-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:");
    clock.advance(Duration.ofSeconds(6)); // 5 site minutes: the agent (4m12s) has registered

    for (int run = 0; run < 2; run++) {
      var target = preflight.validate(request).target();
      steps.waitForAgent(new WaitForAgentRequest("vm-web-01"));
      steps.mergeSnapshots(new MergeSnapshotsRequest("vm-web-01", target.onPremVm()));
      steps.powerOff(new PowerOffRequest("vm-web-01", target.onPremVm()));
      steps.attachDisks(
          new AttachDisksRequest(
              "vm-web-01", target.onPremVm(), "mt-win-01", "vmfs-01", target.recoveryLocation()));
      steps.startReplication(
          new StartReplicationRequest(
              "vm-web-01",
              "mt-win-01",
              "ps-azure-01",
              "vmfs-01",
              target.retentionDrive(),
              FailbackPolicy.FIXED));
      clock.advance(Duration.ofSeconds(25)); // 20 site minutes
      assertTrue(
          steps
              .synchronize(new SynchronizeRequest("vm-web-01", target.onPremVm(), "mt-win-01"))
              .detail()
              .startsWith("protected after sending 12 GiB"));
    }

    assertEquals(new SideEffects(1, 1, 1, 0, 1, 0, 0), site.sideEffects("vm-web-01"));
  }

  @Test
  void givenTheSample_whenVmOld01IsReprotected_aNewVmIsCreatedAtTheAlternateLocation() {
    use(SimulatedSite.loadSample(new SimulatedSite.Options(0.02, clock)));
    ReprotectRequest request =
        ReprotectRequest.of("vm-old-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:");

    var target = preflight.validate(request).target();
    assertEquals(RecoveryLocation.ALTERNATE, target.recoveryLocation());
    steps.attachDisks(
        new AttachDisksRequest(
            "vm-old-01", null, "mt-win-01", "vmfs-01", target.recoveryLocation()));

    assertEquals(1, site.sideEffects("vm-old-01").vmCreations());
    assertEquals(2, site.vm("vm-old-01").orElseThrow().disks().size());
  }
}
