package dev.reprotect.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plan of 2,000 machines (SRM's limit per plan) with a light child in place of the real
 * reprotection: it completes, no run of the plan's workflow passes Temporal's 10,240-event warning
 * or runs more machines at once than its window, and a run continues as new without waiting for its
 * running machines (it carries them, and the next run hears how they end).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecoveryPlanWorkflowScaleTest {

  static final int MACHINES = 2_000;
  static final int WINDOW = 150;

  /**
   * Half the default budget: machines that end at once cost fewer events than real ones (their
   * events share workflow tasks), so the default would fit 2,000 of them in one run.
   */
  static final int BUDGET = 4_000;

  static final int TEMPORAL_HISTORY_WARNING = 10_240;

  /** Half of Temporal's 512 KiB payload warning (about 100 bytes a machine). */
  static final int CARRIED_BYTES = 512 * 1024 / 2;

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(
              RecoveryPlanWorkflowImpl.class, LightReprotection.class)
          .setDoNotStart(true)
          .build();

  /**
   * A reprotection that ends protected at once. No timer: the in-memory server stops skipping time
   * for children whose parent continued as new (temporalio/sdk-java#1539), and since the plan
   * continues as new with its machines running, their timers would wait in real time. That the plan
   * carries running machines across continue-as-new is shown on the real server
   * (PlanCarriesRunningMachinesOnTheRealServerTest).
   */
  public static class LightReprotection implements ReprotectWorkflow {
    @Override
    public ReprotectStatus reprotect(ReprotectRequest request) {
      Instant started = Instant.ofEpochMilli(Workflow.currentTimeMillis());
      return new ReprotectStatus(
          Workflow.getInfo().getWorkflowId(),
          request.replicatedItem(),
          request.plan(),
          ReprotectState.PROTECTED,
          100,
          List.of(),
          null,
          started,
          Instant.ofEpochMilli(Workflow.currentTimeMillis()));
    }

    @Override
    public ReprotectStatus status() {
      return null;
    }

    @Override
    public void slotsGranted(SlotGrant grant) {}
  }

  @Test
  void
      givenATwoThousandMachinePlan_whenReprotected_itShouldEndProtectedWithEveryRunUnderTheHistoryWarningAndTheWindow(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    PlanPreflightActivities preflight =
        mock(PlanPreflightActivities.class, withSettings().withoutAnnotations());
    when(preflight.preflightPlan(any()))
        .thenReturn(new PreflightReport(true, List.of(), List.of(), null));
    when(preflight.replicationGroups(any()))
        .thenReturn(
            List.of(
                new GroupStatus(
                    "rg-0", "mt-win-01", List.of("vm-0000", "vm-0001"), "IN_PROGRESS")));
    worker.registerActivitiesImplementations(
        preflight, new PlanStubs.DescribingPlanActivities(client));
    env.start();
    List<ReprotectRequest> machines = new ArrayList<>();
    for (int i = 0; i < MACHINES; i++) {
      machines.add(
          new ReprotectRequest(
              String.format("vm-%04d", i),
              "mt-win-" + (i % 40),
              "ps-azure-" + (i % 4),
              "vmfs-01",
              "R:",
              null,
              null,
              false,
              PlanStubs.PLAN));
    }
    String id = RecoveryPlanRequest.workflowIdFor(PlanStubs.PLAN);
    RecoveryPlanWorkflow plan =
        client.newWorkflowStub(
            RecoveryPlanWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(id)
                .setTaskQueue(worker.getTaskQueue())
                .build());

    long t0 = System.nanoTime();
    String firstRun =
        WorkflowClient.start(
                plan::reprotect,
                new RecoveryPlanRequest(
                    PlanStubs.PLAN, machines, new PlanOptions(WINDOW, 0, BUDGET), null))
            .getRunId();
    // The blocking getResult lets the test environment skip time; the status is read beside it.
    CompletableFuture<PlanStatus> result =
        CompletableFuture.supplyAsync(
            () -> WorkflowStub.fromTyped(plan).getResult(PlanStatus.class));
    PlanStatus midway = null;
    while (midway == null && !result.isDone()) {
      PlanStatus now = client.newWorkflowStub(RecoveryPlanWorkflow.class, id).status();
      if (now != null
          && now.eta() != null
          && now.progressPercent() > 0
          && now.progressPercent() < 100) {
        midway = now;
      }
      Thread.sleep(20);
    }
    PlanStatus done = result.get();
    long wallMillis = (System.nanoTime() - t0) / 1_000_000;

    assertNotNull(midway, "the status never showed the plan midway");
    assertEquals(PlanState.RUNNING, midway.state());
    assertTrue(
        midway.eta().isAfter(midway.startedAt()), midway.eta() + " vs " + midway.startedAt());
    assertEquals(MACHINES, midway.counts().values().stream().mapToInt(Integer::intValue).sum());

    assertEquals(PlanState.PROTECTED, done.state());
    assertEquals(Map.of("PROTECTED", MACHINES), done.counts());
    assertEquals(100, done.progressPercent());
    assertEquals("PROTECTED", done.groups().get(0).state());
    // No answer carries every machine: the status has the first page, the machines query the rest.
    assertEquals(PlanMachines.PAGE, done.machines().size());
    PlanMachines last =
        client.newWorkflowStub(RecoveryPlanWorkflow.class, id).machines(MACHINES - 10);
    assertEquals(
        List.of(MACHINES - 10, MACHINES, 10),
        List.of(last.from(), last.total(), last.machines().size()));
    assertEquals("vm-1999", last.machines().get(9).replicatedItem());
    List<Integer> events = new ArrayList<>();
    List<Integer> mostInFlight = new ArrayList<>();
    List<Integer> carried = new ArrayList<>();
    List<Integer> carriedInFlight = new ArrayList<>();
    int children = 0;
    int inFlight = 0; // machines running: the run's own children and those it carries
    String run = firstRun;
    while (run != null) {
      WorkflowExecutionHistory history = client.fetchHistory(id, run);
      List<HistoryEvent> list = history.getEvents();
      events.add(list.size());
      int most = inFlight;
      for (HistoryEvent e : list) {
        EventType t = e.getEventType();
        if (t == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) {
          inFlight++;
          children++;
          most = Math.max(most, inFlight);
        } else if (CLOSED.contains(t)
            || (t == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
                && e.getWorkflowExecutionSignaledEventAttributes()
                    .getSignalName()
                    .equals("machineEnded"))) {
          inFlight--;
        }
      }
      mostInFlight.add(most);
      HistoryEvent end = list.get(list.size() - 1);
      boolean continued =
          end.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW;
      if (continued) {
        var input = end.getWorkflowExecutionContinuedAsNewEventAttributes().getInput();
        carried.add(input.getSerializedSize());
        RecoveryPlanRequest next =
            DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
                0, Optional.of(input), RecoveryPlanRequest.class, RecoveryPlanRequest.class);
        // A run continues as new without waiting for its running machines: it carries them.
        assertEquals(inFlight, next.carried().inFlight().size(), "machines carried in flight");
        carriedInFlight.add(inFlight);
      } else {
        assertEquals(0, inFlight, "the plan ended with machines still running");
      }
      run =
          continued
              ? end.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    System.out.printf(
        "2,000-machine plan (window %d): wall %d ms (midway: %d%%, eta %s), %d runs, events per run %s, most machines running at once per run %s, carried in flight %s%n",
        WINDOW,
        wallMillis,
        midway.progressPercent(),
        midway.eta(),
        events.size(),
        events,
        mostInFlight,
        carriedInFlight);
    assertEquals(MACHINES, children);
    assertTrue(events.size() > 1, "expected the plan to continue as new at least once: " + events);
    for (int n : events) {
      assertTrue(n < TEMPORAL_HISTORY_WARNING, "a run has " + n + " events: " + events);
    }
    // What a run carries is compact: 2,000 machines' values once and their outcomes (P7: 1.2 MiB
    // before).
    for (int bytes : carried) {
      assertTrue(
          bytes < CARRIED_BYTES, "a continue-as-new state of " + bytes + " bytes: " + carried);
    }
    for (int most : mostInFlight) {
      assertTrue(most <= WINDOW, "more than " + WINDOW + " children at once: " + mostInFlight);
    }
  }

  static final Set<EventType> CLOSED =
      Set.of(
          EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_COMPLETED,
          EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_FAILED,
          EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_CANCELED,
          EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TIMED_OUT,
          EventType.EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_TERMINATED,
          EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_FAILED);
}
