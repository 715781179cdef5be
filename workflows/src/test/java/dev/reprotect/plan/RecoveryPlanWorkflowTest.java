package dev.reprotect.plan;

import static dev.reprotect.plan.PlanStubs.PLAN;
import static dev.reprotect.plan.PlanStubs.fault;
import static dev.reprotect.plan.PlanStubs.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.DetachDisksRequest;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.Step;
import dev.reprotect.reprotect.StepResult;
import dev.reprotect.reprotect.SynchronizeRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import dev.reprotect.visibility.Requester;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RecoveryPlanWorkflow on Temporal's test environment, time skipped, with the real
 * ReprotectWorkflowImpl as its children and every activity mocked.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryPlanWorkflowTest {

  /** Set -Dreprotect.recordHistories=true to (re)write the histories the replay test replays. */
  static final boolean RECORD = Boolean.getBoolean("reprotect.recordHistories");

  static final GroupStatus RG_APP =
      new GroupStatus("rg-app", "mt-win-01", List.of("vm-app-01", "vm-app-02"), "IN_PROGRESS");
  static final GroupStatus RG_DB =
      new GroupStatus("rg-db", "mt-win-01", List.of("vm-db-01", "vm-db-02"), "IN_PROGRESS");

  @RegisterExtension static final TestWorkflowExtension testWorkflow = PlanStubs.testWorkflow();

  private static RecoveryPlanWorkflow stub(WorkflowClient client, Worker worker) {
    return client.newWorkflowStub(
        RecoveryPlanWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(RecoveryPlanRequest.workflowIdFor(PLAN))
            .setTaskQueue(worker.getTaskQueue())
            .setMemo(Requester.memo("sre-alice"))
            .build());
  }

  private static PlanStatus run(WorkflowClient client, Worker worker, RecoveryPlanRequest request) {
    return stub(client, worker).reprotect(request);
  }

  private static Map<String, MachineSummary> byMachine(PlanStatus status) {
    return status.machines().stream()
        .collect(Collectors.toMap(MachineSummary::replicatedItem, Function.identity()));
  }

  private static Map<String, String> groupStates(PlanStatus status) {
    return status.groups().stream()
        .collect(Collectors.toMap(GroupStatus::name, GroupStatus::state));
  }

  private static void record(WorkflowClient client, String name) throws IOException {
    if (RECORD) {
      Path file = Path.of("src/test/resources/histories/plan", name + ".json");
      Files.writeString(
          file, client.fetchHistory(RecoveryPlanRequest.workflowIdFor(PLAN)).toJson(true));
    }
  }

  /**
   * vm-db-02 fails by rule in SYNCHRONIZE (its on-premises VM was powered on) the first time;
   * vm-flaky's agent is late twice and its vCenter drops once, then it is protected.
   */
  static PlanStubs mixed() {
    PlanStubs stubs = new PlanStubs(RG_APP, RG_DB);
    Map<String, AtomicInteger> syncs = new ConcurrentHashMap<>();
    when(stubs.steps.synchronize(any()))
        .thenAnswer(
            call -> {
              SynchronizeRequest r = call.getArgument(0);
              int n =
                  syncs
                      .computeIfAbsent(r.replicatedItem(), k -> new AtomicInteger())
                      .incrementAndGet();
              if (r.replicatedItem().equals("vm-db-02") && n == 1) {
                throw fault(Rule.ONPREM_VM_POWERED_ON, "vm-db-02", 1);
              }
              return new StepResult("protected after 20m", 1);
            });
    AtomicInteger agent = new AtomicInteger();
    when(stubs.steps.waitForAgent(any()))
        .thenAnswer(
            call -> {
              dev.reprotect.reprotect.WaitForAgentRequest r = call.getArgument(0);
              if (r.replicatedItem().equals("vm-flaky") && agent.incrementAndGet() <= 2) {
                throw fault(Rule.AGENT_NOT_REGISTERED, "vm-flaky", agent.get());
              }
              return new StepResult("registered", 1);
            });
    AtomicInteger merges = new AtomicInteger();
    when(stubs.steps.mergeSnapshots(any()))
        .thenAnswer(
            call -> {
              dev.reprotect.reprotect.MergeSnapshotsRequest r = call.getArgument(0);
              if (r.replicatedItem().equals("vm-flaky") && merges.incrementAndGet() == 1) {
                throw fault(Rule.VCENTER_DISCONNECTED, "vm-flaky", 1);
              }
              return new StepResult("merged", 1);
            });
    return stubs;
  }

  static final String[] MIXED = {
    "vm-web-01", "vm-app-01", "vm-app-02", "vm-db-01", "vm-db-02", "vm-flaky", "vm-web-02"
  };

  @Test
  void givenAMixedPlan_whenReprotected_itShouldProtectMostFailTheRuleBreakerAndEndFailedListingIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws IOException {
    PlanStubs stubs = mixed();
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();

    PlanStatus done = run(client, worker, plan(new PlanOptions(3, 0), MIXED));

    assertEquals(PlanState.FAILED, done.state());
    assertEquals(Map.of("PROTECTED", 6, "FAILED", 1), done.counts());
    assertEquals(100, done.progressPercent());
    assertNull(done.eta());
    assertNotNull(done.endedAt());
    Map<String, MachineSummary> machines = byMachine(done);
    MachineSummary failed = machines.get("vm-db-02");
    assertEquals(MachineState.FAILED, failed.state());
    assertEquals("reprotect-vm-db-02", failed.id());
    assertEquals(Rule.ONPREM_VM_POWERED_ON, failed.error().rule());
    assertEquals(Step.SYNCHRONIZE, failed.error().step());
    assertEquals(MachineState.PROTECTED, machines.get("vm-flaky").state());
    assertEquals(100, machines.get("vm-flaky").progressPercent());
    assertEquals(Map.of("rg-app", "PROTECTED", "rg-db", "FAILED"), groupStates(done));
    assertTrue(done.error().message().contains("vm-db-02"), done.error().message());
    assertTrue(done.error().message().startsWith("1 of 7"), done.error().message());
    verify(stubs.steps, times(3)).waitForAgent(argThat(r -> r.replicatedItem().equals("vm-flaky")));
    // A failed machine's reprotection compensated; no protected one did.
    verify(stubs.steps).detachDisks(new DetachDisksRequest("vm-db-02", "mt-win-01"));
    verify(stubs.steps, times(1)).detachDisks(any());
    assertEquals(
        PlanState.FAILED,
        client
            .newWorkflowStub(RecoveryPlanWorkflow.class, RecoveryPlanRequest.workflowIdFor(PLAN))
            .status()
            .state());
    record(client, "failed-mixed-7-machines");
  }

  @Test
  void
      givenAFailedPlan_whenStartedAgain_itShouldReprotectOnlyTheMachinesNotProtectedAndEndProtected(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws IOException {
    PlanStubs stubs = mixed();
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();
    PlanStatus first = run(client, worker, plan(new PlanOptions(3, 0), MIXED));
    assertEquals(PlanState.FAILED, first.state());

    PlanStatus second = run(client, worker, plan(new PlanOptions(3, 0), MIXED));

    assertEquals(PlanState.PROTECTED, second.state());
    assertEquals(Map.of("PROTECTED", 7), second.counts());
    assertEquals(Map.of("rg-app", "PROTECTED", "rg-db", "PROTECTED"), groupStates(second));
    assertNull(second.error());
    // Only vm-db-02 ran again: every other machine was validated once, in the first run.
    verify(stubs.preflight, times(2)).validate(argThat(r -> r.replicatedItem().equals("vm-db-02")));
    verify(stubs.preflight, times(MIXED.length + 1)).validate(any());
    verify(stubs.steps, times(1))
        .waitForAgent(argThat(r -> r.replicatedItem().equals("vm-web-01")));
    record(client, "protected-second-start");
  }

  @Test
  void
      givenAPlanBreakingRules_whenStarted_itShouldFailTypedByTheFirstRuleWithEveryViolationAndStartNoMachine(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlanStubs stubs = new PlanStubs();
    List<Violation> violations =
        List.of(
            Violation.of(
                Rule.PLAN_VALUES_MISSING,
                "vm-web-01",
                "vm-web-01 has no retention drive in recovery plan rp-app"),
            Violation.of(
                Rule.CONFIG_SERVER_UNREACHABLE, "vm-web-02", "the configuration server is down"),
            Violation.of(Rule.MT_DISK_LIMIT, "vm-web-02", "mt-win-01 would hold 62 disks"));
    when(stubs.planPreflight.preflightPlan(any()))
        .thenReturn(new PreflightReport(false, violations, List.of(), null));
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();

    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            () -> run(client, worker, plan(PlanOptions.DEFAULTS, "vm-web-01", "vm-web-02")));

    ApplicationFailure failure = assertInstanceOf(ApplicationFailure.class, failed.getCause());
    assertEquals("PLAN_VALUES_MISSING", failure.getType());
    RuleFailures.RuleFailure named = RuleFailures.find(failure).orElseThrow();
    assertEquals(
        List.of(Rule.PLAN_VALUES_MISSING, Rule.MT_DISK_LIMIT, Rule.CONFIG_SERVER_UNREACHABLE),
        named.violations().stream().map(Violation::rule).toList());
    PlanStatus status =
        client
            .newWorkflowStub(RecoveryPlanWorkflow.class, RecoveryPlanRequest.workflowIdFor(PLAN))
            .status();
    assertEquals(PlanState.FAILED, status.state());
    assertEquals(Rule.PLAN_VALUES_MISSING, status.error().rule());
    assertEquals(3, status.error().violations().size());
    assertEquals(Map.of("PENDING", 2), status.counts());
    verify(stubs.preflight, never()).validate(any());
  }

  @Test
  void
      givenASiteReadThatFailsOutsideValidation_whenStarted_itShouldEndFailedInItsStatusWithTheError(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlanStubs stubs = new PlanStubs();
    when(stubs.planPreflight.replicationGroups(any()))
        .thenThrow(
            ApplicationFailure.newNonRetryableFailure(
                "the configuration server refused the read", "READ_FAILED"));
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();

    assertThrows(
        WorkflowFailedException.class,
        () -> run(client, worker, plan(PlanOptions.DEFAULTS, "vm-web-01")));

    PlanStatus status =
        client
            .newWorkflowStub(RecoveryPlanWorkflow.class, RecoveryPlanRequest.workflowIdFor(PLAN))
            .status();
    assertEquals(PlanState.FAILED, status.state(), "not left showing VALIDATING or RUNNING");
    assertTrue(
        status.error().message().contains("the configuration server refused the read"),
        status.error().message());
    assertNotNull(status.endedAt());
    verify(stubs.preflight, never()).validate(any());
  }

  @Test
  void givenAPausedPlan_whenResumed_itShouldStartNoMachineWhilePausedThenFinishProtected(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    PlanStubs stubs = new PlanStubs(RG_APP);
    CountDownLatch paused = new CountDownLatch(1);
    when(stubs.planPreflight.preflightPlan(any()))
        .thenAnswer(
            call -> {
              paused.await(10, TimeUnit.SECONDS);
              return new PreflightReport(true, List.of(), List.of(), null);
            });
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();
    RecoveryPlanWorkflow plan = stub(client, worker);
    WorkflowClient.start(
        plan::reprotect, plan(new PlanOptions(1, 0), "vm-app-01", "vm-app-02", "vm-web-01"));
    plan.pause("sre-alice");
    paused.countDown();

    PlanStatus status = awaitState(plan, PlanState.PAUSED);
    assertEquals(Map.of("PENDING", 3), status.counts());
    Thread.sleep(300);
    verify(stubs.preflight, never()).validate(any());
    assertEquals(PlanState.PAUSED, plan.status().state());
    assertEquals("sre-alice", plan.status().pausedBy());

    plan.resume("sre-bob");
    PlanStatus done = WorkflowStub.fromTyped(plan).getResult(PlanStatus.class);

    assertEquals(PlanState.PROTECTED, done.state());
    assertEquals(Map.of("PROTECTED", 3), done.counts());
    assertEquals(Map.of("rg-app", "PROTECTED"), groupStates(done));
    assertEquals("sre-alice", done.startedBy());
    assertEquals("sre-alice", done.pausedBy());
    assertEquals("sre-bob", done.resumedBy());
    // Its machines name the plan's starter too.
    assertEquals(
        "sre-alice",
        client
            .newWorkflowStub(ReprotectWorkflow.class, "reprotect-vm-app-01")
            .status()
            .startedBy());
    verify(stubs.preflight, times(3)).validate(any());
  }

  @Test
  void givenARunningPlan_whenCancelled_itShouldCancelAndCompensateItsRunningMachinesAndEndCancelled(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    PlanStubs stubs = new PlanStubs(RG_APP);
    CountDownLatch synchronizing = new CountDownLatch(2);
    when(stubs.steps.synchronize(any()))
        .thenAnswer(
            call -> {
              synchronizing.countDown();
              for (int i = 0; i < 400; i++) {
                Activity.getExecutionContext().heartbeat(null);
                Thread.sleep(25);
              }
              return new StepResult("protected", 1);
            });
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();
    RecoveryPlanWorkflow plan = stub(client, worker);
    WorkflowClient.start(
        plan::reprotect,
        plan(new PlanOptions(2, 0), "vm-app-01", "vm-app-02", "vm-web-01", "vm-web-02"));
    assertTrue(synchronizing.await(20, TimeUnit.SECONDS));

    WorkflowStub.fromTyped(plan).cancel(Requester.cancelReason("sre-carol"));

    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            () -> WorkflowStub.fromTyped(plan).getResult(PlanStatus.class));
    assertInstanceOf(CanceledFailure.class, failed.getCause());
    PlanStatus status = plan.status();
    assertEquals(PlanState.CANCELLED, status.state());
    assertEquals("sre-carol", status.cancelledBy());
    assertEquals(Map.of("CANCELLED", 2, "PENDING", 2), status.counts());
    assertEquals(Map.of("rg-app", "FAILED"), groupStates(status));
    verify(stubs.steps, timeout(5000))
        .detachDisks(new DetachDisksRequest("vm-app-01", "mt-win-01"));
    verify(stubs.steps).detachDisks(new DetachDisksRequest("vm-app-02", "mt-win-01"));
    verify(stubs.steps, times(2)).stopReplication(any());
    verify(stubs.preflight, never())
        .validate(argThat((ReprotectRequest r) -> r.replicatedItem().startsWith("vm-web")));
    record(client, "cancelled-4-machines");
  }

  @Test
  void
      givenAWindowOfTwoAndOneMachinePerProcessServer_whenReprotecting_itShouldNeverRunTwoThroughOneServer(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlanStubs stubs = new PlanStubs();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    when(stubs.steps.synchronize(any()))
        .thenAnswer(
            call -> {
              most.accumulateAndGet(running.incrementAndGet(), Math::max);
              Thread.sleep(100);
              running.decrementAndGet();
              return new StepResult("protected", 1);
            });
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();
    RecoveryPlanRequest request = plan(new PlanOptions(2, 1), "vm-1", "vm-2", "vm-3");

    PlanStatus done = run(client, worker, request);

    assertEquals(PlanState.PROTECTED, done.state());
    assertEquals(1, most.get());
  }

  private static PlanStatus awaitState(RecoveryPlanWorkflow plan, PlanState state)
      throws InterruptedException {
    PlanStatus status = null;
    for (int i = 0; i < 200; i++) {
      status = plan.status();
      if (status != null && status.state() == state) {
        return status;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("plan never " + state + ": " + status);
  }
}
