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
import static org.mockito.Mockito.when;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.capacity.SlotsThroughClient;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.rules.Rule;
import dev.reprotect.visibility.CapturingStatsReporter;
import io.temporal.activity.Activity;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A compensation that itself fails (its retry bound runs out while vCenter or the Azure side stays
 * broken) is never reported as undone: the run ends FAILED as COMPENSATION_INCOMPLETE naming what
 * is left, and the slots of disks still attached stay held on the master target. Time skipped; the
 * master target's slots workflow really runs.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReprotectWorkflowCompensationTest {

  static final String MT = "mt-win-01";

  private final CapturingStatsReporter metrics = new CapturingStatsReporter();
  private final Scope scope =
      new RootScopeBuilder().reporter(metrics).reportEvery(com.uber.m3.util.Duration.ofMillis(10));
  private final TestWorkflowEnvironment env =
      TestWorkflowEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder().setMetricsScope(scope).build());
  private final WorkflowClient client = env.getWorkflowClient();
  private final StepStubs stubs = new StepStubs();
  private final CountDownLatch syncing = new CountDownLatch(1);
  private final SlotsThroughClient capacity = new SlotsThroughClient(client, "reprotect");

  {
    // The pretend site holds the VM's two disks from their attach until a detach succeeds: what
    // the ledger reconciles against (time is skipped, so its checks come).
    capacity.attachedOnSite.put("", 10);
    when(stubs.steps.attachDisks(any()))
        .thenAnswer(
            call -> {
              capacity.attachedOnSite.put(VM, 2);
              return new StepResult("attached 2 disks", 1);
            });
    when(stubs.steps.detachDisks(any()))
        .thenAnswer(
            call -> {
              capacity.attachedOnSite.remove(VM);
              return new StepResult("detached", 1);
            });
  }

  @AfterEach
  void close() {
    env.close();
  }

  private WorkflowStub start() {
    Worker worker = env.newWorker("reprotect");
    worker.registerWorkflowImplementationTypes(
        ReprotectWorkflowImpl.class, MasterTargetSlotsWorkflowImpl.class);
    capacity.readBack = false;
    worker.registerActivitiesImplementations(stubs.preflight, stubs.steps, capacity);
    env.start();
    ReprotectWorkflow workflow =
        client.newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(REQUEST.workflowId())
                .setTaskQueue("reprotect")
                .build());
    WorkflowClient.start(workflow::reprotect, REQUEST);
    return WorkflowStub.fromTyped(workflow);
  }

  private ApplicationFailure failureOf(WorkflowStub run) {
    WorkflowFailedException failed =
        assertThrows(WorkflowFailedException.class, () -> run.getResult(ReprotectStatus.class));
    return assertInstanceOf(ApplicationFailure.class, failed.getCause());
  }

  private ReprotectStatus status() {
    return client.newWorkflowStub(ReprotectWorkflow.class, REQUEST.workflowId()).status();
  }

  private SlotsView slots() {
    return SlotsThroughClient.slotsOf(client, MT);
  }

  /**
   * The ledger's disks once the run's commit or release has reached it: the run sends it as a
   * signal from a local activity, and does not wait for the ledger to apply it.
   */
  private void assertAttachedOnSite(Map<String, Integer> expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!expected.equals(slots().attachedOnSite()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertEquals(expected, slots().attachedOnSite());
  }

  /** SYNCHRONIZE breaks a rule once it has begun: everything before it must be undone. */
  private void synchronizeFailsByRule() {
    when(stubs.steps.synchronize(any())).thenThrow(fault(Rule.ONPREM_VM_POWERED_ON, 1));
  }

  /** SYNCHRONIZE runs until cancelled. */
  private void synchronizeRunsUntilCancelled() {
    when(stubs.steps.synchronize(any()))
        .thenAnswer(
            call -> {
              syncing.countDown();
              while (true) {
                Activity.getExecutionContext().heartbeat(null);
                Thread.sleep(50);
              }
            });
  }

  private void detachAlwaysFails() {
    when(stubs.steps.detachDisks(any())).thenThrow(fault(Rule.VCENTER_DISCONNECTED, 1));
  }

  @Test
  void
      givenADetachThatFailsPastItsBound_whenAStepFails_itShouldEndCompensationIncompleteAndKeepTheSlotsHeld()
          throws Exception {
    synchronizeFailsByRule();
    detachAlwaysFails();

    ApplicationFailure failure = failureOf(start());

    assertEquals(ProductFailure.COMPENSATION_INCOMPLETE.name(), failure.getType());
    assertTrue(failure.isNonRetryable());
    ReprotectStatus status = status();
    assertEquals(ReprotectState.FAILED, status.state());
    ErrorInfo error = status.error();
    assertEquals(ProductFailure.COMPENSATION_INCOMPLETE.name(), error.failureType());
    assertEquals(Rule.ONPREM_VM_POWERED_ON, error.rule(), "the cause's rule stays named");
    assertEquals(Step.SYNCHRONIZE, error.step());
    assertEquals(ProductFailure.COMPENSATION_INCOMPLETE.fix(), error.fix());
    assertTrue(
        error.message().contains("2 disks of " + VM + " still attached to master target " + MT),
        error.message());
    assertTrue(error.message().contains(Rule.ONPREM_VM_POWERED_ON.name()), error.message());
    // The disks are still there: their slots stay held, counted once, and are not granted again.
    SlotsView slots = slots();
    assertTrue(slots.reserved().isEmpty(), "reservation turned into held disks: " + slots);
    assertAttachedOnSite(Map.of("", 10, VM, 2));
    assertEquals(12, slots.used());
    assertEquals(1L, metrics.counter("reprotect_compensations_incomplete", Map.of()));
    if (Boolean.getBoolean("record.histories")) {
      // The committed history of this path (-Drecord.histories=true).
      java.nio.file.Files.writeString(
          java.nio.file.Path.of(
              "src/test/resources/histories/reprotect/failed-compensation-incomplete-vm-web-01.json"),
          client.fetchHistory(REQUEST.workflowId()).toJson(true));
    }
  }

  @Test
  void
      givenAStopReplicationThatFailsPastItsBound_whenAStepFails_itShouldSayReplicationIsNotStoppedAndReleaseDetachedSlots()
          throws Exception {
    synchronizeFailsByRule();
    when(stubs.steps.stopReplication(any())).thenThrow(fault(Rule.CONFIG_SERVER_UNREACHABLE, 1));

    ApplicationFailure failure = failureOf(start());

    assertEquals(ProductFailure.COMPENSATION_INCOMPLETE.name(), failure.getType());
    ErrorInfo error = status().error();
    assertTrue(error.message().contains("replication of " + VM + " not stopped"), error.message());
    assertTrue(!error.message().contains("still attached"), error.message());
    // The disks were detached: their slots are free again.
    assertAttachedOnSite(Map.of("", 10));
    assertEquals(10, slots().used());
  }

  @Test
  void
      givenADetachThatFailsPastItsBound_whenCancelled_itShouldEndFailedCompensationIncompleteNotCancelled()
          throws Exception {
    synchronizeRunsUntilCancelled();
    detachAlwaysFails();
    WorkflowStub run = start();
    assertTrue(syncing.await(20, TimeUnit.SECONDS));

    run.cancel();

    // Temporal closes a run whose cancel was requested as cancelled whatever it throws; what the
    // product reports (status, search attributes, metrics) is the incomplete undo.
    assertThrows(WorkflowFailedException.class, () -> run.getResult(ReprotectStatus.class));
    ReprotectStatus status = status();
    assertEquals(ProductFailure.COMPENSATION_INCOMPLETE.name(), status.error().failureType());
    assertEquals(ReprotectState.FAILED, status.state());
    assertNull(status.error().rule(), "a cancel breaks no rule");
    assertTrue(
        status.error().message().contains("still attached to master target " + MT),
        status.error().message());
    assertAttachedOnSite(Map.of("", 10, VM, 2));
  }

  @Test
  void
      givenACompensationThatSucceeds_whenAStepFails_itShouldEndFailedByTheRuleWithNoProductFailureType()
          throws Exception {
    synchronizeFailsByRule();

    ApplicationFailure failure = failureOf(start());

    assertEquals(Rule.ONPREM_VM_POWERED_ON.name(), failure.getType());
    assertNull(status().error().failureType());
    assertAttachedOnSite(Map.of("", 10));
    assertEquals(0L, metrics.counter("reprotect_compensations_incomplete", Map.of()));
  }
}
