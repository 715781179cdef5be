package dev.reprotect.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.capacity.SlotsThroughClient;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.preflight.Validation;
import dev.reprotect.rules.Rule;
import dev.reprotect.testing.Eventually;
import dev.reprotect.visibility.CapturingStatsReporter;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The master target's slots when runs vanish without a word: a requester terminated while it holds
 * a reservation (before and after attaching), one terminated while it waits in line, the ledger
 * itself terminated, and an answer meant for another run. In each, slots in use never pass 60, no
 * request waits forever, and the ledger agrees with the site afterwards. The ledger checks the
 * truth every second here and a waiting requester asks again after two (minutes in production);
 * time runs at its real pace (the test polls, so the test server does not skip).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class MasterTargetSlotsFaultsTest {

  static final String MT = "mt-win-01";
  static final ResolvedTarget THREE_DISKS =
      new ResolvedTarget(
          "vm-x", RecoveryLocation.ORIGINAL, OsType.WINDOWS, List.of("d0", "d1", "d2"), null, "R:");

  private final CapturingStatsReporter metrics = new CapturingStatsReporter();
  private final Scope scope =
      new RootScopeBuilder().reporter(metrics).reportEvery(com.uber.m3.util.Duration.ofMillis(10));
  private final TestWorkflowEnvironment env =
      TestWorkflowEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder().setMetricsScope(scope).build());
  private final WorkflowClient client = env.getWorkflowClient();
  private final StepStubs stubs = new StepStubs(THREE_DISKS);
  private final Worker worker = env.newWorker("reprotect");
  private final SlotsThroughClient capacity = new SlotsThroughClient(client, "reprotect");

  /** The pretend site: disks attached to the master target, by item ("" for others). */
  private final Map<String, Integer> site = capacity.attachedOnSite;

  private final Set<String> attachHeld = ConcurrentHashMap.newKeySet();
  private final Set<String> validateHeld = ConcurrentHashMap.newKeySet();
  private final AtomicInteger attaches = new AtomicInteger();
  private final CountDownLatch go = new CountDownLatch(1);
  private final CountDownLatch released = new CountDownLatch(1);
  private final AtomicInteger mostUsed = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private Thread watch;

  /** How often a ledger started from now on checks the truth (a test may wait longer). */
  private volatile Duration reconcileEvery = Duration.ofSeconds(1);

  MasterTargetSlotsFaultsTest() {
    capacity.readBack = false;
    worker.registerWorkflowImplementationFactory(
        ReprotectWorkflow.class, () -> new ReprotectWorkflowImpl(Duration.ofSeconds(2)));
    worker.registerWorkflowImplementationFactory(
        MasterTargetSlotsWorkflow.class,
        () -> new MasterTargetSlotsWorkflowImpl(2_000, reconcileEvery));
    when(stubs.steps.attachDisks(any()))
        .thenAnswer(
            call -> {
              AttachDisksRequest request = call.getArgument(0);
              while (attachHeld.contains(request.replicatedItem()) && released.getCount() > 0) {
                Activity.getExecutionContext().heartbeat(null);
                released.await(50, TimeUnit.MILLISECONDS);
              }
              attaches.incrementAndGet();
              site.put(request.replicatedItem(), 3);
              return new StepResult("attached 3 disks", 1);
            });
    when(stubs.steps.detachDisks(any()))
        .thenAnswer(
            call -> {
              site.remove(((DetachDisksRequest) call.getArgument(0)).replicatedItem());
              return new StepResult("detached", 1);
            });
    when(stubs.preflight.validate(any()))
        .thenAnswer(
            call -> {
              String vm = ((ReprotectRequest) call.getArgument(0)).replicatedItem();
              while (validateHeld.contains(vm)) {
                Thread.sleep(20);
              }
              return new Validation(THREE_DISKS, List.of(), 1);
            });
    when(stubs.steps.synchronize(any()))
        .thenAnswer(
            call -> {
              while (!go.await(50, TimeUnit.MILLISECONDS)) {
                Activity.getExecutionContext().heartbeat(null);
              }
              return new StepResult("protected", 1);
            });
    worker.registerActivitiesImplementations(stubs.preflight, stubs.steps, capacity);
    env.start();
  }

  @AfterEach
  void close() throws InterruptedException {
    released.countDown();
    go.countDown();
    stop.set(true);
    if (watch != null) {
      watch.join();
    }
    env.close();
  }

  private void watchSlots() {
    watch =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  mostUsed.accumulateAndGet(slots().used(), Math::max);
                } catch (RuntimeException notStartedYet) {
                  // the ledger starts with the first request
                }
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    watch.start();
  }

  private void start(String vm) {
    ReprotectWorkflow workflow =
        client.newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReprotectRequest.workflowIdFor(vm))
                .setTaskQueue("reprotect")
                .build());
    WorkflowClient.start(
        workflow::reprotect, ReprotectRequest.of(vm, MT, "ps-azure-01", "vmfs-01", "R:"));
  }

  private void terminate(String workflowId) {
    client.newUntypedWorkflowStub(workflowId).terminate("fault test");
  }

  private ReprotectStatus statusOf(String vm) {
    return client
        .newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor(vm))
        .status();
  }

  private SlotsView slots() {
    return SlotsThroughClient.slotsOf(client, MT);
  }

  private int siteTotal() {
    return site.values().stream().mapToInt(Integer::intValue).sum();
  }

  private static void eventually(Runnable check) {
    Eventually.eventually(Duration.ofSeconds(30), check);
  }

  /** vm-a holds its slots and synchronizes; vm-b waits in line behind it. */
  private void vmASynchronizesWhileVmBWaits() {
    start("vm-a");
    awaitState("vm-a", ReprotectState.SYNCHRONIZING);
    start("vm-b");
    eventually(() -> assertEquals(1, slots().waiting().size()));
  }

  private void awaitState(String vm, ReprotectState state) {
    eventually(() -> assertEquals(state, statusOf(vm).state(), vm));
  }

  @Test
  void
      givenARequesterTerminatedHoldingAReservationBeforeAttaching_whenTheLedgerReconciles_itShouldGrantTheNextInLine() {
    watchSlots();
    site.put("", 55);
    attachHeld.add("vm-a");
    start("vm-a");
    eventually(() -> assertEquals(Map.of("vm-a", 3), slots().reserved()));
    start("vm-b");
    eventually(() -> assertEquals(1, slots().waiting().size()));

    terminate(ReprotectRequest.workflowIdFor("vm-a"));

    // The leaked reservation is void at the next check; the head of the line goes in.
    eventually(() -> assertEquals(Map.of("vm-b", 3), slots().reserved()));
    go.countDown();
    awaitState("vm-b", ReprotectState.PROTECTED);
    eventually(() -> assertTrue(slots().reserved().isEmpty()));
    eventually(() -> assertEquals(siteTotal(), slots().used()));
    assertEquals(58, slots().used());
    assertTrue(mostUsed.get() <= 60, "slots in use peaked at " + mostUsed.get());
  }

  @Test
  void
      givenARequesterTerminatedAfterAttaching_whenTheLedgerReconciles_itShouldCountItsDisksOnceNameThemAndResumeOnRestart()
          throws Exception {
    watchSlots();
    site.put("", 52);
    start("vm-a");
    eventually(() -> assertEquals(3, site.getOrDefault("vm-a", 0)));
    awaitState("vm-a", ReprotectState.SYNCHRONIZING);

    terminate(ReprotectRequest.workflowIdFor("vm-a"));

    eventually(() -> assertTrue(slots().leftBehind().containsKey("vm-a"), slots().toString()));
    SlotsView after = slots();
    assertTrue(after.reserved().isEmpty());
    assertEquals(55, after.used(), "vm-a's 3 disks held once, from the site");
    String named = after.leftBehind().get("vm-a");
    assertTrue(named.contains("3 disks of vm-a left attached to " + MT), named);
    assertTrue(named.contains("start vm-a again to resume, or cancel that run to detach"), named);

    // Starting it again resumes: it reaches PROTECTED, holds 3 slots (not 6), and is no longer
    // named.
    go.countDown();
    start("vm-a");
    awaitState("vm-a", ReprotectState.PROTECTED);
    // Named no longer from the moment the new run asked for its slots, not from the next check.
    assertFalse(slots().leftBehind().containsKey("vm-a"), slots().toString());
    eventually(() -> assertTrue(slots().reserved().isEmpty()));
    assertEquals(55, slots().used());
    assertEquals(siteTotal(), slots().used());
    assertTrue(mostUsed.get() <= 60, "slots in use peaked at " + mostUsed.get());
    if (Boolean.getBoolean("record.histories")) {
      // The committed histories of this path (-Drecord.histories=true): the ledger that reconciled
      // a terminated holder, and the VM's second run (nonce, grant of disks already attached).
      Files.writeString(
          Path.of(
              "src/test/resources/histories/capacity/reconciled-terminated-requester-mt-win-01.json"),
          client.fetchHistory(MasterTargetSlotsWorkflow.workflowIdFor(MT)).toJson(true));
      Files.writeString(
          Path.of(
              "src/test/resources/histories/reprotect/protected-restarted-after-terminate-vm-a.json"),
          client.fetchHistory(ReprotectRequest.workflowIdFor("vm-a")).toJson(true));
    }
  }

  @Test
  void
      givenDisksLeftBehindThatLeaveNoRoom_whenAnotherVmAsks_itShouldBeDeniedWithTheNumbersRatherThanWaitForever() {
    site.put("", 55);
    vmASynchronizesWhileVmBWaits();

    terminate(ReprotectRequest.workflowIdFor("vm-a"));

    awaitState("vm-b", ReprotectState.FAILED);
    ErrorInfo error = statusOf("vm-b").error();
    assertEquals(Rule.MT_DISK_LIMIT, error.rule());
    assertTrue(error.message().contains("58 of its 60"), error.message());
    assertEquals(58, slots().used());
  }

  @Test
  void givenARequesterTerminatedWhileWaitingInLine_whenTheLedgerReconciles_itShouldLeaveTheQueue() {
    site.put("", 55);
    vmASynchronizesWhileVmBWaits();
    eventually(
        () ->
            assertEquals(
                1.0,
                metrics.gauge(
                    "reprotect_master_target_queue_length", Map.of("master_target", MT))));

    terminate(ReprotectRequest.workflowIdFor("vm-b"));

    eventually(() -> assertTrue(slots().waiting().isEmpty()));
    eventually(
        () ->
            assertEquals(
                0.0,
                metrics.gauge(
                    "reprotect_master_target_queue_length", Map.of("master_target", MT))));
    assertEquals(Map.of("vm-a", 3), slots().reserved());
    go.countDown();
    awaitState("vm-a", ReprotectState.PROTECTED);
    eventually(() -> assertEquals(siteTotal(), slots().used()));
  }

  @Test
  void
      givenTheLedgerTerminated_whenAWaitingRequesterAsksAgain_itShouldStartANewLedgerThatCountsTheSite() {
    watchSlots();
    site.put("", 55);
    vmASynchronizesWhileVmBWaits();
    eventually(
        () ->
            assertTrue(
                metrics.gauge(
                        "reprotect_master_target_queue_oldest_wait_seconds",
                        Map.of("master_target", MT))
                    > 0));
    String firstRun =
        client
            .newUntypedWorkflowStub(MasterTargetSlotsWorkflow.workflowIdFor(MT))
            .describe()
            .getExecution()
            .getRunId();

    terminate(MasterTargetSlotsWorkflow.workflowIdFor(MT));
    site.put("", 40); // meanwhile others left the master target: room for vm-b

    // vm-b asks again, which starts a new ledger; the new ledger counts vm-a's disks from the site.
    awaitState("vm-b", ReprotectState.SYNCHRONIZING);
    assertNotEquals(
        firstRun,
        client
            .newUntypedWorkflowStub(MasterTargetSlotsWorkflow.workflowIdFor(MT))
            .describe()
            .getExecution()
            .getRunId());
    go.countDown();
    awaitState("vm-a", ReprotectState.PROTECTED);
    awaitState("vm-b", ReprotectState.PROTECTED);
    eventually(() -> assertTrue(slots().reserved().isEmpty()));
    eventually(() -> assertEquals(46, slots().used()));
    assertEquals(siteTotal(), slots().used());
    assertTrue(mostUsed.get() <= 60, "slots in use peaked at " + mostUsed.get());
  }

  @Test
  void givenAGrantMeantForAnotherRun_whenItReachesAWaitingRequester_itShouldBeIgnored() {
    site.put("", 55);
    vmASynchronizesWhileVmBWaits();

    client
        .newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor("vm-b"))
        .slotsGranted(new SlotGrant(MT, true, 3, 60, 60, "a stale grant", "a-run-before-a-reset"));

    // Still waiting: it attaches nothing on the stale grant.
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertEquals(ReprotectState.ATTACHING_DISKS, statusOf("vm-b").state());
    assertEquals(1, attaches.get());
    go.countDown();
    awaitState("vm-a", ReprotectState.PROTECTED);
    awaitState(
        "vm-b", ReprotectState.FAILED); // 58 held for good once vm-a is protected: denied, by rule
    assertEquals(Rule.MT_DISK_LIMIT, statusOf("vm-b").error().rule());
    assertEquals(1, attaches.get());
  }

  /**
   * The cancel lands while the protected run sends its commit. (A cancel racing the
   * synchronization's own completion cannot be shown here: Temporal's in-memory server then fails
   * the workflow task with ACTIVITY_UNKNOWN, where the real server accepts it.)
   */
  @Test
  void givenACancelRacingTheCommit_whenBothLand_itShouldCountTheVmOnceAsTheSiteHoldsIt()
      throws Exception {
    watchSlots();
    site.put("", 57);
    CountDownLatch committing = new CountDownLatch(1);
    CountDownLatch cancelSent = new CountDownLatch(1);
    capacity.beforeSettle =
        () -> {
          committing.countDown();
          try {
            cancelSent.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        };
    vmASynchronizesWhileVmBWaits();

    go.countDown();
    assertTrue(committing.await(20, TimeUnit.SECONDS));
    WorkflowStub.fromTyped(
            client.newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor("vm-a")))
        .cancel();
    cancelSent.countDown();

    eventually(
        () -> assertTrue(statusOf("vm-a").state().terminal(), "" + statusOf("vm-a").state()));
    ReprotectState end = statusOf("vm-a").state();
    assertTrue(end == ReprotectState.PROTECTED || end == ReprotectState.CANCELLED, "" + end);
    assertEquals(end == ReprotectState.PROTECTED ? 3 : 0, site.getOrDefault("vm-a", 0), "" + end);
    // vm-b, in line behind it, is answered either way: denied if vm-a's disks stay, else served.
    eventually(
        () -> assertTrue(statusOf("vm-b").state().terminal(), "" + statusOf("vm-b").state()));
    assertEquals(
        end == ReprotectState.PROTECTED ? ReprotectState.FAILED : ReprotectState.PROTECTED,
        statusOf("vm-b").state());
    eventually(() -> assertTrue(slots().reserved().isEmpty(), slots().toString()));
    assertTrue(slots().waiting().isEmpty());
    eventually(() -> assertEquals(siteTotal(), slots().used()));
    assertTrue(mostUsed.get() <= 60, "slots in use peaked at " + mostUsed.get());
  }

  @Test
  void
      givenAGrantForATerminatedRun_whenItReachesTheVmsNewRun_itShouldBeIgnoredAndTheNewRunServedOnce() {
    reconcileEvery = Duration.ofHours(1); // no check comes to void the old run's place in line
    watchSlots();
    site.put("", 55);
    vmASynchronizesWhileVmBWaits();
    terminate(ReprotectRequest.workflowIdFor("vm-b"));
    validateHeld.add("vm-b");
    start("vm-b"); // its new run, held before it asks for slots

    // vm-a gives its slots back: the ledger grants the terminated run's request, and its grant
    // (by workflow id) reaches the new run, which has asked nothing yet.
    WorkflowStub.fromTyped(
            client.newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor("vm-a")))
        .cancel();
    awaitState("vm-a", ReprotectState.CANCELLED);
    eventually(() -> assertEquals(Map.of("vm-b", 3), slots().reserved()));
    assertEquals(1, attaches.get(), "the new run attaches nothing on the stale grant");

    // The new run asks: the ledger answers it the slots vm-b already holds, not three more.
    validateHeld.remove("vm-b");
    go.countDown();
    awaitState("vm-b", ReprotectState.PROTECTED);
    eventually(() -> assertTrue(slots().reserved().isEmpty()));
    assertTrue(slots().waiting().isEmpty());
    assertEquals(58, slots().used());
    assertEquals(siteTotal(), slots().used());
    assertTrue(mostUsed.get() <= 60, "slots in use peaked at " + mostUsed.get());
  }
}
