package dev.reprotect.reprotect;

import static dev.reprotect.reprotect.StepStubs.REQUEST;
import static dev.reprotect.reprotect.StepStubs.VM;
import static dev.reprotect.reprotect.StepStubs.fault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.capacity.SlotsThroughClient;
import dev.reprotect.rules.Rule;
import dev.reprotect.visibility.Requester;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.mockito.InOrder;

/** ReprotectWorkflow on Temporal's test environment, time skipped, activities mocked. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReprotectWorkflowTest {

  /** Who starts every reprotection of these tests (the memo the API sets). */
  static final String STARTER = "sre-alice";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              ReprotectWorkflowImpl.class, MasterTargetSlotsWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static ReprotectWorkflow start(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client, StepStubs stubs) {
    worker.registerActivitiesImplementations(
        stubs.preflight, stubs.steps, new SlotsThroughClient(client, worker.getTaskQueue()));
    env.start();
    ReprotectWorkflow workflow =
        client.newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(REQUEST.workflowId())
                .setTaskQueue(worker.getTaskQueue())
                .setMemo(Requester.memo(STARTER))
                .build());
    WorkflowClient.start(workflow::reprotect, REQUEST);
    return workflow;
  }

  private static ReprotectStatus statusOf(WorkflowClient client) {
    return client.newWorkflowStub(ReprotectWorkflow.class, REQUEST.workflowId()).status();
  }

  private static ApplicationFailure failureOf(WorkflowClient client) {
    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            () ->
                WorkflowStub.fromTyped(
                        client.newWorkflowStub(ReprotectWorkflow.class, REQUEST.workflowId()))
                    .getResult(ReprotectStatus.class));
    return assertInstanceOf(ApplicationFailure.class, failed.getCause());
  }

  @Test
  void givenAHealthySite_whenReprotecting_itShouldRunEveryStepInRunbookOrderAndEndProtected(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    StepStubs stubs = new StepStubs();
    ReprotectWorkflow workflow = start(env, worker, client, stubs);

    ReprotectStatus done = WorkflowStub.fromTyped(workflow).getResult(ReprotectStatus.class);

    assertEquals(ReprotectState.PROTECTED, done.state());
    assertEquals(100, done.progressPercent());
    assertEquals("reprotect-vm-web-01", done.id());
    assertNull(done.error());
    assertEquals(List.of(Step.values()), done.steps().stream().map(StepStatus::name).toList());
    for (StepStatus step : done.steps()) {
      assertEquals(StepState.COMPLETED, step.state(), step.name().name());
      assertEquals(1, step.attempts(), step.name().name());
      assertTrue(!step.endedAt().isBefore(step.startedAt()), step.name().name());
    }
    assertEquals("registered after 4m12s", done.steps().get(1).detail());
    InOrder runbook = inOrder(stubs.preflight, stubs.steps);
    runbook.verify(stubs.preflight).validate(REQUEST);
    runbook.verify(stubs.steps).waitForAgent(new WaitForAgentRequest(VM));
    runbook.verify(stubs.steps).mergeSnapshots(new MergeSnapshotsRequest(VM, VM));
    runbook.verify(stubs.steps).powerOff(new PowerOffRequest(VM, VM));
    runbook
        .verify(stubs.steps)
        .attachDisks(
            new AttachDisksRequest(VM, VM, "mt-win-01", "vmfs-01", RecoveryLocation.ORIGINAL));
    runbook
        .verify(stubs.steps)
        .startReplication(
            new StartReplicationRequest(
                VM, "mt-win-01", "ps-azure-01", "vmfs-01", "R:", FailbackPolicy.FIXED));
    runbook.verify(stubs.steps).synchronize(new SynchronizeRequest(VM, VM, "mt-win-01"));
    verify(stubs.steps, never()).detachDisks(any());
    verify(stubs.steps, never()).stopReplication(any());
    assertEquals(ReprotectState.PROTECTED, statusOf(client).state());
  }

  @Test
  void
      givenNoOnPremisesVm_whenReprotecting_itShouldSkipMergeAndPowerOffAndAttachToAnAlternateLocation(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    StepStubs stubs = new StepStubs(StepStubs.ALTERNATE);
    ReprotectWorkflow workflow = start(env, worker, client, stubs);

    ReprotectStatus done = WorkflowStub.fromTyped(workflow).getResult(ReprotectStatus.class);

    assertEquals(ReprotectState.PROTECTED, done.state());
    assertEquals(StepState.SKIPPED, done.steps().get(Step.MERGE_SNAPSHOTS.ordinal()).state());
    assertEquals(StepState.SKIPPED, done.steps().get(Step.POWER_OFF.ordinal()).state());
    verify(stubs.steps, never()).mergeSnapshots(any());
    verify(stubs.steps, never()).powerOff(any());
    verify(stubs.steps)
        .attachDisks(
            new AttachDisksRequest(VM, null, "mt-win-01", "vmfs-01", RecoveryLocation.ALTERNATE));
  }

  @Test
  void givenATransientFaultInEveryStep_whenReprotecting_itShouldRetryEachAndEndProtected(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    StepStubs stubs = new StepStubs();
    when(stubs.preflight.validate(any()))
        .thenThrow(fault(Rule.CONFIG_SERVER_UNREACHABLE, 1))
        .thenReturn(new dev.reprotect.preflight.Validation(StepStubs.ORIGINAL, List.of(), 2));
    when(stubs.steps.waitForAgent(any()))
        .thenThrow(fault(Rule.AGENT_NOT_REGISTERED, 1), fault(Rule.AGENT_NOT_REGISTERED, 2))
        .thenReturn(new StepResult("registered after 12m", 3));
    when(stubs.steps.mergeSnapshots(any()))
        .thenThrow(fault(Rule.VCENTER_DISCONNECTED, 1))
        .thenReturn(new StepResult("merged 2 snapshots", 2));
    when(stubs.steps.powerOff(any()))
        .thenThrow(fault(Rule.VCENTER_DISCONNECTED, 1))
        .thenReturn(new StepResult("powered off", 2));
    when(stubs.steps.attachDisks(any()))
        .thenThrow(fault(Rule.VCENTER_DISCONNECTED, 1))
        .thenReturn(new StepResult("attached 2 disks", 2));
    when(stubs.steps.startReplication(any()))
        .thenThrow(fault(Rule.PROCESS_SERVER_UNREACHABLE, 1))
        .thenReturn(new StepResult("replication started", 2));
    when(stubs.steps.synchronize(any()))
        .thenThrow(fault(Rule.PROCESS_SERVER_UNREACHABLE, 1))
        .thenReturn(new StepResult("protected", 2));
    ReprotectWorkflow workflow = start(env, worker, client, stubs);

    ReprotectStatus done = WorkflowStub.fromTyped(workflow).getResult(ReprotectStatus.class);

    assertEquals(ReprotectState.PROTECTED, done.state());
    assertEquals(3, done.steps().get(Step.WAIT_FOR_AGENT.ordinal()).attempts());
    for (Step step :
        List.of(
            Step.VALIDATE,
            Step.MERGE_SNAPSHOTS,
            Step.POWER_OFF,
            Step.ATTACH_DISKS,
            Step.START_REPLICATION,
            Step.SYNCHRONIZE)) {
      assertEquals(2, done.steps().get(step.ordinal()).attempts(), step.name());
    }
    verify(stubs.steps, times(3)).waitForAgent(any());
    verify(stubs.steps, times(2)).powerOff(any());
    verify(stubs.steps, never()).detachDisks(any());
  }

  @Test
  void
      givenAnAgentThatNeverRegisters_whenWaiting_itShouldFailWithAgentNotRegisteredAfterFifteenMinutes(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    StepStubs stubs = new StepStubs();
    when(stubs.steps.waitForAgent(any())).thenThrow(fault(Rule.AGENT_NOT_REGISTERED, 1));
    start(env, worker, client, stubs);

    ApplicationFailure failure = failureOf(client);

    assertEquals("AGENT_NOT_REGISTERED", failure.getType());
    assertTrue(failure.isNonRetryable());
    ReprotectStatus status = statusOf(client);
    StepStatus wait = status.steps().get(Step.WAIT_FOR_AGENT.ordinal());
    long waited = Duration.between(wait.startedAt(), wait.endedAt()).toMillis();
    assertTrue(
        waited >= Duration.ofMinutes(14).toMillis(), "waited " + waited + " ms of workflow time");
    assertTrue(
        waited <= Duration.ofMinutes(16).toMillis(), "waited " + waited + " ms of workflow time");
    assertEquals(ReprotectState.FAILED, status.state());
    assertEquals(Rule.AGENT_NOT_REGISTERED, status.error().rule());
    assertEquals(Step.WAIT_FOR_AGENT, status.error().step());
    assertEquals(Rule.AGENT_NOT_REGISTERED.fix(), status.error().fix());
    assertEquals(StepState.FAILED, status.steps().get(Step.WAIT_FOR_AGENT.ordinal()).state());
    verify(stubs.steps, never()).mergeSnapshots(any());
  }

  @Test
  void givenATransientFaultThatOutlastsItsBound_whenPoweringOff_itShouldFailByTheSameRule(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    StepStubs stubs = new StepStubs();
    when(stubs.steps.powerOff(any())).thenThrow(fault(Rule.VCENTER_DISCONNECTED, 7));
    start(env, worker, client, stubs);

    ApplicationFailure failure = failureOf(client);

    assertEquals("VCENTER_DISCONNECTED", failure.getType());
    assertTrue(failure.isNonRetryable());
    ReprotectStatus status = statusOf(client);
    assertEquals(Rule.VCENTER_DISCONNECTED, status.error().rule());
    assertEquals(Step.POWER_OFF, status.error().step());
    assertTrue(status.error().message().contains("retry bound"), status.error().message());
    verify(stubs.steps, never()).attachDisks(any());
  }

  /** Every rule a VM's steps can break fails the workflow typed by that rule, at once. */
  @ParameterizedTest
  @EnumSource(
      value = Rule.class,
      names = {"ONPREM_VM_POWERED_ON", "MT_STORAGE_VMOTIONED", "MT_DISK_LIMIT"})
  void givenAStepThatBreaksARule_whenReprotecting_itShouldFailTypedByItAndCompensate(
      Rule rule, TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    StepStubs stubs = new StepStubs();
    if (rule == Rule.MT_DISK_LIMIT) {
      when(stubs.steps.attachDisks(any())).thenThrow(fault(rule, 1));
    } else {
      when(stubs.steps.synchronize(any())).thenThrow(fault(rule, 1));
    }
    start(env, worker, client, stubs);

    ApplicationFailure failure = failureOf(client);

    assertEquals(rule.name(), failure.getType());
    assertTrue(failure.isNonRetryable());
    ReprotectStatus status = statusOf(client);
    assertEquals(ReprotectState.FAILED, status.state());
    assertEquals(rule, status.error().rule());
    assertEquals(rule.fix(), status.error().fix());
    verify(stubs.steps).detachDisks(new DetachDisksRequest(VM, "mt-win-01"));
    if (rule == Rule.MT_DISK_LIMIT) {
      verify(stubs.steps, times(1)).attachDisks(any());
      verify(stubs.steps, never()).stopReplication(any());
    } else {
      verify(stubs.steps, times(1)).synchronize(any());
      verify(stubs.steps).stopReplication(new StopReplicationRequest(VM));
    }
  }

  @Test
  void
      givenValidationFindsRuleViolations_whenReprotecting_itShouldFailWithEveryViolationAndTouchNothing(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    StepStubs stubs = new StepStubs();
    when(stubs.preflight.validate(any()))
        .thenThrow(
            dev.reprotect.rules.RuleFailures.of(
                List.of(
                    dev.reprotect.rules.Violation.of(
                        Rule.MT_OS_MISMATCH, VM, "mt-lnx-01 runs LINUX"),
                    dev.reprotect.rules.Violation.of(
                        Rule.DATASTORE_NFS_UNSUPPORTED, VM, "nfs-01 is NFS")),
                1));
    start(env, worker, client, stubs);

    ApplicationFailure failure = failureOf(client);

    assertEquals("MT_OS_MISMATCH", failure.getType());
    ReprotectStatus status = statusOf(client);
    assertEquals(Step.VALIDATE, status.error().step());
    assertEquals(2, status.error().violations().size());
    assertEquals(Rule.DATASTORE_NFS_UNSUPPORTED, status.error().violations().get(1).rule());
    verify(stubs.steps, never()).waitForAgent(any());
    verify(stubs.steps, never()).detachDisks(any());
  }

  @Test
  void givenAStartNamingItsStarter_whenRunning_itShouldShowWhoStartedIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client, new StepStubs());

    WorkflowStub.fromTyped(client.newWorkflowStub(ReprotectWorkflow.class, REQUEST.workflowId()))
        .getResult(ReprotectStatus.class);

    assertEquals(STARTER, statusOf(client).startedBy());
    assertNull(statusOf(client).cancelledBy());
  }

  @Test
  void givenARunningReprotection_whenCancelled_itShouldCompensateAndEndCancelled(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    StepStubs stubs = new StepStubs();
    java.util.concurrent.CountDownLatch synchronizing = new java.util.concurrent.CountDownLatch(1);
    when(stubs.steps.synchronize(any()))
        .thenAnswer(
            call -> {
              synchronizing.countDown();
              for (int i = 0; i < 200; i++) {
                io.temporal.activity.Activity.getExecutionContext().heartbeat(null);
                Thread.sleep(25);
              }
              return new StepResult("protected", 1);
            });
    start(env, worker, client, stubs);
    assertTrue(synchronizing.await(20, TimeUnit.SECONDS));

    WorkflowStub.fromTyped(client.newWorkflowStub(ReprotectWorkflow.class, REQUEST.workflowId()))
        .cancel(Requester.cancelReason("sre-carol"));

    WorkflowFailedException failed =
        assertThrows(
            WorkflowFailedException.class,
            () ->
                WorkflowStub.fromTyped(
                        client.newWorkflowStub(ReprotectWorkflow.class, REQUEST.workflowId()))
                    .getResult(ReprotectStatus.class));
    assertInstanceOf(CanceledFailure.class, failed.getCause());
    ReprotectStatus status = statusOf(client);
    assertEquals(ReprotectState.CANCELLED, status.state());
    assertEquals("sre-carol", status.cancelledBy());
    assertEquals(StepState.CANCELLED, status.steps().get(Step.SYNCHRONIZE.ordinal()).state());
    assertEquals(StepState.COMPLETED, status.steps().get(Step.POWER_OFF.ordinal()).state());
    InOrder compensation = inOrder(stubs.steps);
    compensation.verify(stubs.steps).stopReplication(new StopReplicationRequest(VM));
    compensation.verify(stubs.steps).detachDisks(new DetachDisksRequest(VM, "mt-win-01"));
  }

  /**
   * A long wait adds O(1) events: retries of the agent wait happen on the server, not in history.
   */
  @Test
  void givenAnAgentThatTakesThirtyAttempts_whenWaiting_itShouldAddNoMoreHistoryEventsThanOneAttempt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    StepStubs stubs = new StepStubs();
    var slow = when(stubs.steps.waitForAgent(any()));
    for (int attempt = 1; attempt < 30; attempt++) {
      slow = slow.thenThrow(fault(Rule.AGENT_NOT_REGISTERED, attempt));
    }
    slow.thenReturn(new StepResult("registered after 14m", 30));
    ReprotectWorkflow workflow = start(env, worker, client, stubs);
    WorkflowStub.fromTyped(workflow).getResult(ReprotectStatus.class);

    var events = client.fetchHistory(REQUEST.workflowId()).getEvents();
    long activityEvents =
        events.stream()
            .filter(
                e ->
                    e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
                        || e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
                        || e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
            .count();
    // Scheduled, started and completed once per step, however many attempts a step took (the disk
    // slots ask is a local activity since slots-protocol 3: a marker, counted below).
    int activities = Step.values().length;
    assertEquals(3 * activities, activityEvents);
    // Plus one workflow task (3 events) after each, the version markers, the request's nonce (a
    // side-effect marker), the ask's and the commit's local-activity markers, the ask-again timer
    // (started,
    // cancelled), a grant signal and its workflow task, start and end.
    assertTrue(events.size() <= 6 * activities + 20, "history has " + events.size() + " events");
    verify(stubs.steps, times(30)).waitForAgent(any());
  }
}
