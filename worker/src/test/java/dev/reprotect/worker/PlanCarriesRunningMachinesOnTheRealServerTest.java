package dev.reprotect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.plan.MachineState;
import dev.reprotect.plan.MachineSummary;
import dev.reprotect.plan.PlanOptions;
import dev.reprotect.plan.PlanState;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.plan.RecoveryPlanWorkflow;
import dev.reprotect.plan.RecoveryPlanWorkflowImpl;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.WorkflowReplayer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 15, scenario 4: a plan near its history budget continues as new without waiting for its
 * slowest machine (a SYNCHRONIZE may take days). On the real server (the CLI's dev server), since
 * the in-memory one neither continues as new atomically nor skips time for children of a run that
 * continued: the slow machine goes on, ABANDONed, carried as in flight; the next runs start every
 * other machine beside it and hear by signal (the FollowMachines activity) how it ends.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PlanCarriesRunningMachinesOnTheRealServerTest {

  static final String QUEUE = RealServer.QUEUE;
  static final String SLOW = "vm-slow";
  static final int OTHERS = 6;

  /** Small, so that a run continues as new every machine or two. */
  static final int BUDGET = 60;

  /** Site seconds per wall second: a 5-minute sync takes 1.5 s, the slow one's 3 hours 54 s. */
  static final double TIME_SCALE = 0.005;

  private RealServer server;
  private WorkflowClient client;
  private SimulatedSite site;

  @BeforeEach
  void start() throws Exception {
    server = RealServer.start();
    client = server.client;
    site =
        SimulatedSite.load(
            new ByteArrayInputStream(inventory().getBytes(StandardCharsets.UTF_8)),
            "carry",
            SimulatedSite.Options.defaults().withTimeScale(TIME_SCALE));
    server.startPlanWorker(site);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void givenASlowMachine_whenThePlanContinuesAsNew_everyOtherMachineRunsAndEndsMeanwhile()
      throws Exception {
    RecoveryPlanRequest request = request();
    String firstRun = WorkflowClient.start(plan(request)::reprotect, request).getRunId();
    PlanStatus done =
        client.newUntypedWorkflowStub(request.workflowId()).getResult(PlanStatus.class);

    assertEquals(PlanState.PROTECTED, done.state(), () -> done.counts() + " " + done.error());
    assertEquals(OTHERS + 1, done.counts().get("PROTECTED"), done.counts()::toString);
    List<WorkflowExecutionHistory> runs = runs(request.workflowId(), firstRun);
    int carriedSlow = 0;
    for (WorkflowExecutionHistory run : runs.subList(0, runs.size() - 1)) {
      if (carried(run).contains(SLOW)) {
        carriedSlow++;
      }
    }
    assertTrue(carriedSlow > 0, "no run carried " + SLOW + " in flight: " + runs.size() + " runs");
    // No machine waited for the slow one: each started, and ended, before it ended.
    Instant slowEnded = closeTime(SLOW);
    for (int i = 1; i <= OTHERS; i++) {
      String vm = vm(i);
      assertTrue(
          closeTime(vm).isBefore(slowEnded),
          vm + " ended at " + closeTime(vm) + ", after " + SLOW + " at " + slowEnded);
    }
    for (String vm : machines()) {
      SideEffects e = site.sideEffects(vm);
      assertEquals(1, e.diskAttaches(), () -> vm + ": " + e);
      assertEquals(1, e.replicationStarts(), () -> vm + ": " + e);
    }
    for (WorkflowExecutionHistory run : runs) {
      WorkflowReplayer.replayWorkflowExecution(run, RecoveryPlanWorkflowImpl.class);
    }
    if (Boolean.getBoolean("reprotect.recordHistories")) {
      Path dir = Path.of("../workflows/src/test/resources/histories/plan");
      for (int i = 0; i < runs.size(); i++) {
        Files.writeString(
            dir.resolve("carried-in-flight-7-machines-run-" + (i + 1) + ".json"),
            runs.get(i).toJson(true));
      }
    }
    System.out.printf(
        "plan carrying %s: %d runs, %d carried it in flight; it ended %s, the others before%n",
        SLOW, runs.size(), carriedSlow, slowEnded);
  }

  /**
   * Cancelling the plan cancels the machine an earlier run left running (no longer its child) and
   * waits for its compensation: CANCELLED still means nothing left half done.
   */
  @Test
  void givenACarriedMachine_whenThePlanIsCancelled_itIsCancelledAndCompensatedToo()
      throws Exception {
    RecoveryPlanRequest request = request();
    String firstRun = WorkflowClient.start(plan(request)::reprotect, request).getRunId();
    RealServer.within(
        Duration.ofSeconds(90),
        "a run carrying " + SLOW + " while it synchronizes",
        () ->
            server.stateOf(SLOW) == ReprotectState.SYNCHRONIZING
                && !client
                    .newUntypedWorkflowStub(request.workflowId())
                    .describe()
                    .getExecution()
                    .getRunId()
                    .equals(firstRun));

    client.newUntypedWorkflowStub(request.workflowId()).cancel("an SRE's cancel");

    WorkflowFailedException cancelled =
        assertThrows(
            WorkflowFailedException.class,
            () -> client.newUntypedWorkflowStub(request.workflowId()).getResult(PlanStatus.class));
    assertTrue(cancelled.getCause() instanceof CanceledFailure, cancelled::toString);
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED,
        client.newUntypedWorkflowStub(ReprotectRequest.workflowIdFor(SLOW)).describe().getStatus(),
        SLOW + " was cancelled");
    SideEffects slow = site.sideEffects(SLOW);
    assertEquals(slow.diskAttaches(), slow.diskDetaches(), () -> "compensated: " + slow);
    PlanStatus status =
        client.newWorkflowStub(RecoveryPlanWorkflow.class, request.workflowId()).status();
    assertEquals(PlanState.CANCELLED, status.state());
    MachineSummary shown =
        status.machines().stream()
            .filter(m -> m.replicatedItem().equals(SLOW))
            .findFirst()
            .orElseThrow();
    assertEquals(MachineState.CANCELLED, shown.state());
  }

  // ---- Helpers. ----

  private RecoveryPlanRequest request() {
    List<ReprotectRequest> machines = new ArrayList<>();
    for (String vm : machines()) {
      machines.add(ReprotectRequest.of(vm, "mt-carry", "ps-azure-01", "vmfs-01", "R:"));
    }
    return new RecoveryPlanRequest("rp-carry", machines, new PlanOptions(2, 0, BUDGET), null);
  }

  private RecoveryPlanWorkflow plan(RecoveryPlanRequest request) {
    return client.newWorkflowStub(
        RecoveryPlanWorkflow.class,
        WorkflowOptions.newBuilder()
            .setWorkflowId(request.workflowId())
            .setTaskQueue(QUEUE)
            .build());
  }

  /** The machines a run carried in flight when it continued as new. */
  private static List<String> carried(WorkflowExecutionHistory run) {
    HistoryEvent last = run.getEvents().get(run.getEvents().size() - 1);
    if (last.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
      return List.of();
    }
    RecoveryPlanRequest next =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayloads(
            0,
            Optional.of(last.getWorkflowExecutionContinuedAsNewEventAttributes().getInput()),
            RecoveryPlanRequest.class,
            RecoveryPlanRequest.class);
    List<String> inFlight = next.carried().inFlight();
    return inFlight == null ? List.of() : inFlight;
  }

  private List<WorkflowExecutionHistory> runs(String id, String firstRun) {
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    String run = firstRun;
    while (run != null) {
      WorkflowExecutionHistory history = client.fetchHistory(id, run);
      runs.add(history);
      HistoryEvent last = history.getEvents().get(history.getEvents().size() - 1);
      run =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return runs;
  }

  private Instant closeTime(String vm) {
    var info =
        client
            .newUntypedWorkflowStub(ReprotectRequest.workflowIdFor(vm))
            .describe()
            .getRawDescription()
            .getWorkflowExecutionInfo();
    return Instant.ofEpochSecond(info.getCloseTime().getSeconds(), info.getCloseTime().getNanos());
  }

  static List<String> machines() {
    List<String> all = new ArrayList<>();
    all.add(SLOW);
    for (int i = 1; i <= OTHERS; i++) {
      all.add(vm(i));
    }
    return all;
  }

  static String vm(int i) {
    return "vm-carry-" + i;
  }

  /** Seven Windows VMs on one master target; the slow one's sync lasts 3 hours of site time. */
  static String inventory() {
    return WindowsInventory.of(
        "rp-carry", machines(), List.of("mt-carry"), vm -> vm.equals(SLOW) ? "3h" : "5m");
  }
}
