package dev.reprotect.plan;

import static dev.reprotect.plan.PlanStubs.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.placement.Placement;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.Step;
import dev.reprotect.rules.Rule;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plan over its event budget continues as new carrying only what the next run needs, compact:
 * every machine's values once (placement folded in) and each finished machine's outcome, not its
 * whole summary; it ends as it would have in one run. Its runs are the committed histories {@code
 * continued-as-new-7-machines-run-*.json}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryPlanContinueAsNewTest {

  /** Small enough that seven machines through a window of two take several runs. */
  static final int BUDGET = 64;

  @RegisterExtension static final TestWorkflowExtension testWorkflow = PlanStubs.testWorkflow();

  @Test
  void
      givenAPlacedPlanOverItsEventBudget_whenItContinuesAsNew_itShouldCarryItCompactAndEndAsInOneRun(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    PlanStubs stubs = RecoveryPlanWorkflowTest.mixed();
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();
    List<ReprotectRequest> machines = new ArrayList<>();
    List<MachinePlacement> chosen = new ArrayList<>();
    for (String vm : RecoveryPlanWorkflowTest.MIXED) {
      ReprotectRequest m = PlanStubs.machine(vm);
      machines.add(m);
      chosen.add(
          new MachinePlacement(
              vm,
              m.masterTarget(),
              m.processServer(),
              m.datastore(),
              m.retentionDrive(),
              RecoveryLocation.ORIGINAL,
              vm.startsWith("vm-app") ? List.of(MachinePlacement.DATASTORE) : List.of()));
    }
    RecoveryPlanRequest request =
        new RecoveryPlanRequest(PLAN, machines, new PlanOptions(2, 0, BUDGET), null)
            .placedBy(new Placement(PLAN, chosen, List.of(), List.of()));
    RecoveryPlanWorkflow plan =
        client.newWorkflowStub(
            RecoveryPlanWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.workflowId())
                .setTaskQueue(worker.getTaskQueue())
                .build());

    String firstRun = WorkflowClient.start(plan::reprotect, request).getRunId();
    PlanStatus done = WorkflowStub.fromTyped(plan).getResult(PlanStatus.class);

    List<WorkflowExecutionHistory> runs = runs(client, request.workflowId(), firstRun);
    assertTrue(runs.size() > 1, "the plan never continued as new: " + runs.size() + " run");
    assertEquals(PlanState.FAILED, done.state());
    assertEquals(Map.of("PROTECTED", 6, "FAILED", 1), done.counts());
    assertEquals(100, done.progressPercent());
    assertEquals(
        List.of(RecoveryPlanWorkflowTest.MIXED),
        done.machines().stream().map(MachineSummary::replicatedItem).toList(),
        "the plan's order is kept");
    MachineSummary failed =
        done.machines().stream()
            .filter(m -> m.replicatedItem().equals("vm-db-02"))
            .findFirst()
            .orElseThrow();
    assertEquals(Rule.ONPREM_VM_POWERED_ON, failed.error().rule());
    assertEquals(Step.SYNCHRONIZE, failed.error().step());
    assertEquals(chosen, done.placement(), "placement survives continue-as-new");
    assertEquals(
        Map.of("rg-app", "PROTECTED", "rg-db", "FAILED"),
        Map.of(
            done.groups().get(0).name(), done.groups().get(0).state(),
            done.groups().get(1).name(), done.groups().get(1).state()));
    // No machine ran twice: each validated once (vm-flaky's retries are within its one run).
    verify(stubs.preflight, times(RecoveryPlanWorkflowTest.MIXED.length)).validate(any());

    for (WorkflowExecutionHistory run : runs.subList(0, runs.size() - 1)) {
      HistoryEvent last = run.getEvents().get(run.getEvents().size() - 1);
      String carried =
          last.getWorkflowExecutionContinuedAsNewEventAttributes()
              .getInput()
              .getPayloads(0)
              .getData()
              .toString(StandardCharsets.UTF_8);
      // Compact: each machine's values as an array, outcomes without summaries, no placement list.
      assertFalse(carried.contains("\"processServer\""), carried);
      assertFalse(carried.contains("\"progressPercent\""), carried);
      assertTrue(carried.contains("\"placement\":null"), carried);
      assertTrue(
          carried.contains("[\"vm-web-01\",\"mt-win-01\",\"ps-azure-01\",\"vmfs-01\",\"R:\""),
          carried);
    }
    if (RecoveryPlanWorkflowTest.RECORD) {
      for (int i = 0; i < runs.size(); i++) {
        Files.writeString(
            Path.of(
                "src/test/resources/histories/plan",
                "continued-as-new-7-machines-run-" + (i + 1) + ".json"),
            runs.get(i).toJson(true));
      }
    }
  }

  /** Every run of a workflow, the first first, following its continue-as-new events. */
  static List<WorkflowExecutionHistory> runs(WorkflowClient client, String id, String firstRun) {
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
}
