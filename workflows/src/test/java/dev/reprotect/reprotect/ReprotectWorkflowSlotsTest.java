package dev.reprotect.reprotect;

import static dev.reprotect.reprotect.StepStubs.fault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.capacity.SlotsThroughClient;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.rules.Rule;
import dev.reprotect.testing.Eventually;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mockito.InOrder;

/**
 * Reprotections sharing one master target through its slots workflow: the slots workflow really
 * runs (a real signal-with-start through the test environment's client); the site is a map of the
 * disks attached to the master target by item, kept by the attach and detach mocks.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReprotectWorkflowSlotsTest {

  static final String MT = "mt-win-01";
  static final ResolvedTarget THREE_DISKS =
      new ResolvedTarget(
          "vm-web-01",
          RecoveryLocation.ORIGINAL,
          OsType.WINDOWS,
          List.of("disk-0", "disk-1", "disk-2"),
          null,
          "R:");

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              ReprotectWorkflowImpl.class, MasterTargetSlotsWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  /** The pretend site: mocks that attach and detach in a map, and a sync held until {@link #go}. */
  static final class Site {
    final StepStubs stubs = new StepStubs(THREE_DISKS);
    final SlotsThroughClient capacity;
    final Map<String, Integer> attached;
    final AtomicInteger mostAttached = new AtomicInteger();
    final List<String> syncing = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger mostInFlight = new AtomicInteger();
    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final CountDownLatch go = new CountDownLatch(1);

    Site(WorkflowClient client, Worker worker, int maxConcurrent) {
      capacity = new SlotsThroughClient(client, worker.getTaskQueue(), maxConcurrent);
      attached = capacity.attachedOnSite;
      when(stubs.steps.attachDisks(any()))
          .thenAnswer(
              call -> {
                AttachDisksRequest request = call.getArgument(0);
                mostInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                attached.put(request.replicatedItem(), THREE_DISKS.disks().size());
                mostAttached.accumulateAndGet(total(), Math::max);
                Thread.sleep(20);
                return new StepResult("attached 3 disks", 1);
              });
      when(stubs.steps.detachDisks(any()))
          .thenAnswer(
              call -> {
                DetachDisksRequest request = call.getArgument(0);
                attached.remove(request.replicatedItem());
                return new StepResult("detached", 1);
              });
      when(stubs.steps.synchronize(any()))
          .thenAnswer(
              call -> {
                SynchronizeRequest request = call.getArgument(0);
                syncing.add(request.replicatedItem());
                try {
                  while (!go.await(25, TimeUnit.MILLISECONDS)) {
                    Activity.getExecutionContext().heartbeat(null);
                  }
                  if (failing.contains(request.replicatedItem())) {
                    throw fault(Rule.ONPREM_VM_POWERED_ON, 1);
                  }
                  return new StepResult("protected", 1);
                } finally {
                  inFlight.decrementAndGet();
                }
              });
      worker.registerActivitiesImplementations(stubs.preflight, stubs.steps, capacity);
    }

    int total() {
      return attached.values().stream().mapToInt(Integer::intValue).sum();
    }
  }

  private static ReprotectRequest requestFor(String vm) {
    return ReprotectRequest.of(vm, MT, "ps-azure-01", "vmfs-01", "R:");
  }

  private static void start(WorkflowClient client, Worker worker, String vm) {
    ReprotectWorkflow workflow =
        client.newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReprotectRequest.workflowIdFor(vm))
                .setTaskQueue(worker.getTaskQueue())
                .build());
    WorkflowClient.start(workflow::reprotect, requestFor(vm));
  }

  private static ReprotectStatus statusOf(WorkflowClient client, String vm) {
    return client
        .newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor(vm))
        .status();
  }

  private static StepStatus attachStep(ReprotectStatus status) {
    return status.steps().get(Step.ATTACH_DISKS.ordinal());
  }

  /**
   * The end state of a run: PROTECTED, FAILED or CANCELLED. Polled rather than waited for: waiting
   * on a result lets the test server skip time, and with no timer left it skips to the end of the
   * slots workflow's run (a test-server artefact; the real entity has no timeout).
   */
  private static ReprotectState awaitEnd(WorkflowClient client, String vm) {
    eventually(
        () ->
            assertTrue(
                statusOf(client, vm).state().terminal(),
                vm + " still " + statusOf(client, vm).state()));
    return statusOf(client, vm).state();
  }

  private static SlotsView slots(WorkflowClient client) {
    return SlotsThroughClient.slotsOf(client, MT);
  }

  private static void eventually(Runnable check) {
    Eventually.eventually(Duration.ofSeconds(30), check);
  }

  /** Polls the slots workflow in the background and keeps the most slots it ever showed in use. */
  private static final class Watch implements AutoCloseable {
    final AtomicInteger mostUsed = new AtomicInteger();
    final AtomicInteger mostReserved = new AtomicInteger();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread thread;

    Watch(WorkflowClient client) {
      thread =
          new Thread(
              () -> {
                while (!stop.get()) {
                  try {
                    SlotsView view = slots(client);
                    mostUsed.accumulateAndGet(view.used(), Math::max);
                    mostReserved.accumulateAndGet(view.reserved().size(), Math::max);
                  } catch (RuntimeException notStartedYet) {
                    // The slots workflow starts with the first request.
                  }
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      thread.start();
    }

    @Override
    public void close() throws InterruptedException {
      stop.set(true);
      thread.join();
    }
  }

  @Test
  void
      givenTwentyFiveVmsOfThreeDisksOnOneMasterTarget_whenReprotectedAtOnce_itShouldNeverHoldMoreThanSixtyDisks(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    Site site = new Site(client, worker, 0);
    env.start();
    List<String> vms = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      vms.add(String.format("vm-%02d", i));
    }

    try (Watch watch = new Watch(client)) {
      vms.forEach(vm -> start(client, worker, vm));

      // 20 VMs (60 disks) get their slots and synchronize; 5 wait in line for theirs.
      eventually(() -> assertEquals(20, site.syncing.size()));
      eventually(() -> assertEquals(5, slots(client).waiting().size()));
      assertEquals(60, slots(client).used());
      List<String> waiting = slots(client).waiting().stream().map(r -> r.replicatedItem()).toList();
      for (String vm : waiting) {
        ReprotectStatus status = statusOf(client, vm);
        assertEquals(ReprotectState.ATTACHING_DISKS, status.state(), vm);
        assertEquals(StepState.RUNNING, attachStep(status).state(), vm);
        String detail = attachStep(status).detail();
        assertTrue(
            detail != null && detail.startsWith("waiting for 3 disk slots on mt-win-01"),
            vm + ": " + detail);
        // The ledger's answer to the update names the place in line.
        assertTrue(
            detail.matches(
                "waiting for 3 disk slots on mt-win-01 \\(\\d+ of 60 in use, \\d ahead\\)"),
            detail);
      }

      // Five of the synchronizing VMs fail: they detach and release, and the waiting five go in.
      site.failing.addAll(site.syncing.subList(0, 5));
      site.go.countDown();

      int protectedVms = 0;
      int failedVms = 0;
      for (String vm : vms) {
        ReprotectState end = awaitEnd(client, vm);
        if (end == ReprotectState.PROTECTED) {
          protectedVms++;
        } else if (end == ReprotectState.FAILED) {
          failedVms++;
        }
      }
      assertEquals(20, protectedVms);
      assertEquals(5, failedVms);
      for (String vm : waiting) {
        assertEquals(ReprotectState.PROTECTED, statusOf(client, vm).state(), vm);
      }
      eventually(() -> assertTrue(slots(client).reserved().isEmpty()));
      SlotsView end = slots(client);
      assertEquals(60, end.used());
      assertEquals(20, end.attachedOnSite().size());
      assertTrue(site.failing.stream().noneMatch(end.attachedOnSite()::containsKey));
      assertTrue(watch.mostUsed.get() <= 60, "slots in use peaked at " + watch.mostUsed.get());
    }
    assertTrue(
        site.mostAttached.get() <= 60, "disks attached peaked at " + site.mostAttached.get());
    assertEquals(60, site.total());
    verify(site.stubs.steps, times(25)).attachDisks(any());
    verify(site.stubs.steps, times(5)).detachDisks(any());
  }

  @Test
  void givenAVmWaitingForSlots_whenCancelled_itShouldLeaveTheQueueDetachAndHoldNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    Site site = new Site(client, worker, 0);
    env.start();
    site.attached.put("", 57); // other disks on the master target: 3 slots left
    start(client, worker, "vm-a");
    eventually(() -> assertEquals(List.of("vm-a"), site.syncing));
    start(client, worker, "vm-b");
    eventually(() -> assertEquals(1, slots(client).waiting().size()));
    eventually(
        () ->
            assertTrue(
                attachStep(statusOf(client, "vm-b"))
                    .detail()
                    .startsWith("waiting for 3 disk slots")));

    WorkflowStub.fromTyped(
            client.newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor("vm-b")))
        .cancel();

    assertEquals(ReprotectState.CANCELLED, awaitEnd(client, "vm-b"));
    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            () ->
                client
                    .newUntypedWorkflowStub(ReprotectRequest.workflowIdFor("vm-b"))
                    .getResult(ReprotectStatus.class));
    assertInstanceOf(CanceledFailure.class, failed.getCause());
    ReprotectStatus status = statusOf(client, "vm-b");
    assertEquals(ReprotectState.CANCELLED, status.state());
    assertEquals(StepState.CANCELLED, attachStep(status).state());
    verify(site.stubs.steps).detachDisks(new DetachDisksRequest("vm-b", MT));
    verify(site.stubs.steps, never())
        .attachDisks(
            new AttachDisksRequest("vm-b", "vm-web-01", MT, "vmfs-01", RecoveryLocation.ORIGINAL));
    eventually(() -> assertTrue(slots(client).waiting().isEmpty()));
    assertEquals(Map.of("vm-a", 3), slots(client).reserved());
    assertEquals(60, slots(client).used());
    site.go.countDown();
    assertEquals(ReprotectState.PROTECTED, awaitEnd(client, "vm-a"));
  }

  @Test
  void givenAVmWithDisksAttached_whenCancelled_itShouldStopReplicationDetachAndReleaseItsSlots(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    Site site = new Site(client, worker, 0);
    env.start();
    site.attached.put("", 10);
    start(client, worker, "vm-a");
    eventually(() -> assertEquals(List.of("vm-a"), site.syncing));
    assertEquals(Map.of("vm-a", 3), slots(client).reserved());

    WorkflowStub.fromTyped(
            client.newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor("vm-a")))
        .cancel();

    assertEquals(ReprotectState.CANCELLED, awaitEnd(client, "vm-a"));
    InOrder compensation = inOrder(site.stubs.steps);
    compensation.verify(site.stubs.steps).stopReplication(new StopReplicationRequest("vm-a"));
    compensation.verify(site.stubs.steps).detachDisks(new DetachDisksRequest("vm-a", MT));
    eventually(() -> assertTrue(slots(client).reserved().isEmpty()));
    assertEquals(Map.of("", 10), slots(client).attachedOnSite());
    assertEquals(10, slots(client).used());
    assertEquals(Map.of("", 10), site.attached);
  }

  @Test
  void
      givenMoreDisksThanTheMasterTargetCanEverTake_whenReprotecting_itShouldFailByMtDiskLimitWithTheNumbers(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    Site site = new Site(client, worker, 0);
    env.start();
    site.attached.put("", 59);
    start(client, worker, "vm-a");

    assertEquals(ReprotectState.FAILED, awaitEnd(client, "vm-a"));

    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            () ->
                client
                    .newUntypedWorkflowStub(ReprotectRequest.workflowIdFor("vm-a"))
                    .getResult(ReprotectStatus.class));
    ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, failed.getCause());
    assertEquals(Rule.MT_DISK_LIMIT.name(), failure.getType());
    assertTrue(failure.isNonRetryable());
    ReprotectStatus status = statusOf(client, "vm-a");
    assertEquals(Step.ATTACH_DISKS, status.error().step());
    assertEquals(Rule.MT_DISK_LIMIT.fix(), status.error().fix());
    assertTrue(status.error().message().contains("59 of its 60"), status.error().message());
    assertTrue(status.error().message().contains("3 disks"), status.error().message());
    verify(site.stubs.steps, never()).attachDisks(any());
    assertTrue(slots(client).reserved().isEmpty());
  }

  @Test
  void givenAConcurrencyLimitOfTwo_whenFourVmsReprotectAtOnce_itShouldRunNoMoreThanTwoAtATime(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    Site site = new Site(client, worker, 2);
    env.start();
    List<String> vms = List.of("vm-a", "vm-b", "vm-c", "vm-d");

    try (Watch watch = new Watch(client)) {
      vms.forEach(vm -> start(client, worker, vm));
      eventually(() -> assertEquals(2, site.syncing.size()));
      eventually(() -> assertEquals(2, slots(client).waiting().size()));
      for (var request : slots(client).waiting()) {
        eventually(
            () ->
                assertTrue(
                    attachStep(statusOf(client, request.replicatedItem()))
                        .detail()
                        .startsWith("waiting for 3 disk slots")));
      }
      site.go.countDown();
      for (String vm : vms) {
        assertEquals(ReprotectState.PROTECTED, awaitEnd(client, vm), vm);
      }
      assertTrue(
          watch.mostReserved.get() <= 2, "reservations peaked at " + watch.mostReserved.get());
    }
    assertTrue(
        site.mostInFlight.get() <= 2,
        "VMs between attach and protected peaked at " + site.mostInFlight.get());
    assertEquals(12, slots(client).used());
  }

  /**
   * Slots protocol 3: the ask goes by the ReserveSlots local activity, answered by the ledger's
   * update in the same workflow task, and the commit by the SettleSlots local activity: markers in
   * the history, no activity task for slots and no grant signal. Versions 1 and 2 scheduled an
   * activity task to ask (and version 1 waited for a grant signal).
   */
  @Test
  void givenAFreeMasterTarget_whenAVmReprotects_itAsksAndCommitsByLocalActivitiesAlone(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    Site site = new Site(client, worker, 0);
    site.go.countDown();
    env.start();
    start(client, worker, "vm-web-01");
    assertEquals(ReprotectState.PROTECTED, awaitEnd(client, "vm-web-01"));

    List<HistoryEvent> events =
        client.fetchHistory(ReprotectRequest.workflowIdFor("vm-web-01")).getEvents();
    List<String> localActivities = new ArrayList<>();
    List<String> activityTasks = new ArrayList<>();
    List<String> signals = new ArrayList<>();
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED
          && e.getMarkerRecordedEventAttributes().getMarkerName().equals("LocalActivity")) {
        localActivities.add(
            DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                0,
                Optional.of(e.getMarkerRecordedEventAttributes().getDetailsOrThrow("type")),
                String.class,
                String.class));
      } else if (e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
        activityTasks.add(e.getActivityTaskScheduledEventAttributes().getActivityType().getName());
      } else if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED) {
        signals.add(e.getWorkflowExecutionSignaledEventAttributes().getSignalName());
      }
    }
    assertEquals(List.of("ReserveSlots", "SettleSlots"), localActivities);
    assertTrue(
        activityTasks.stream().noneMatch(t -> t.endsWith("Slots")),
        "activity tasks for slots: " + activityTasks);
    assertEquals(List.of(), signals, "signals to the reprotection");
  }

  /**
   * Records the committed histories of a run with slots (run with {@code -Drecord.histories=true}):
   * a protected VM, and the master target's slots workflow that served it and a denied one, both
   * answered by update from a local activity (slots-protocol 3). The histories of the protocols
   * before it (the signal; the update from an activity, {@code *reserved-by-update*}) stay
   * committed under their own names.
   */
  @Test
  @EnabledIfSystemProperty(named = "record.histories", matches = "true")
  void recordHistoriesWithSlots(TestWorkflowEnvironment env, Worker worker, WorkflowClient client)
      throws Exception {
    Site site = new Site(client, worker, 0);
    site.go.countDown();
    env.start();
    site.attached.put("", 4);
    start(client, worker, "vm-web-01");
    assertEquals(ReprotectState.PROTECTED, awaitEnd(client, "vm-web-01"));
    site.attached.put("", 57);
    start(client, worker, "vm-db-01");
    assertEquals(ReprotectState.FAILED, awaitEnd(client, "vm-db-01"));
    eventually(() -> assertTrue(slots(client).reserved().isEmpty()));

    Files.writeString(
        Path.of(
            "src/test/resources/histories/reprotect/"
                + "protected-reserved-by-local-update-vm-web-01.json"),
        client.fetchHistory(ReprotectRequest.workflowIdFor("vm-web-01")).toJson(true));
    Files.createDirectories(Path.of("src/test/resources/histories/capacity"));
    Files.writeString(
        Path.of(
            "src/test/resources/histories/capacity/" + "reserved-by-local-update-mt-win-01.json"),
        client.fetchHistory(MasterTargetSlotsWorkflow.workflowIdFor(MT)).toJson(true));
  }
}
