package dev.reprotect.plan;

import static dev.reprotect.plan.PlanStubs.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A plan whose values placement chose ({@code "placement": "auto"}): its status shows each
 * machine's values and which placement chose; its history is committed for the replay test
 * (-Dreprotect.recordHistories=true rewrites it).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryPlanPlacementTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(RecoveryPlanWorkflowImpl.class, ReprotectWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  @Test
  void givenAPlanPlacedAutomatically_whenProtected_itsStatusShouldShowTheValuesAndWhichPlacementChose(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws IOException {
    PlanStubs stubs = new PlanStubs(RecoveryPlanWorkflowTest.RG_APP);
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();
    ReprotectRequest first = new ReprotectRequest("vm-app-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:",
        null, null, false, PLAN);
    ReprotectRequest second = new ReprotectRequest("vm-app-02", "mt-win-01", "ps-onprem-01", "vmfs-01", "R:",
        null, null, false, PLAN);
    List<MachinePlacement> chosen = List.of(
        new MachinePlacement("vm-app-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:", RecoveryLocation.ORIGINAL,
            List.of()),
        new MachinePlacement("vm-app-02", "mt-win-01", "ps-onprem-01", "vmfs-01", "R:", RecoveryLocation.ORIGINAL,
            List.of(MachinePlacement.PROCESS_SERVER)));
    RecoveryPlanRequest request = new RecoveryPlanRequest(PLAN, List.of(first, second), new PlanOptions(2, 0), null,
        chosen);

    PlanStatus done = client.newWorkflowStub(RecoveryPlanWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(request.workflowId()).setTaskQueue(worker.getTaskQueue()).build())
        .reprotect(request);

    assertEquals(PlanState.PROTECTED, done.state());
    MachineSummary one = done.machines().get(0);
    MachineSummary two = done.machines().get(1);
    assertEquals(List.of("mt-win-01", "ps-azure-01", "vmfs-01", "R:"),
        List.of(one.masterTarget(), one.processServer(), one.datastore(), one.retentionDrive()));
    assertEquals(List.of("masterTarget", "processServer", "datastore", "retentionDrive"), one.placed());
    assertEquals("ps-onprem-01", two.processServer());
    assertEquals(List.of("masterTarget", "datastore", "retentionDrive"), two.placed());
    if (RecoveryPlanWorkflowTest.RECORD) {
      Files.writeString(Path.of("src/test/resources/histories/plan", "protected-placement-auto.json"),
          client.fetchHistory(request.workflowId()).toJson(true));
    }
  }

  @Test
  void givenAPlanWithEveryValueGiven_whenProtected_itsStatusShouldShowTheValuesAndNothingPlaced(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlanStubs stubs = new PlanStubs();
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();

    PlanStatus done = client.newWorkflowStub(RecoveryPlanWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(RecoveryPlanRequest.workflowIdFor(PLAN))
                .setTaskQueue(worker.getTaskQueue()).build())
        .reprotect(PlanStubs.plan(new PlanOptions(2, 0), "vm-web-01"));

    MachineSummary web = done.machines().get(0);
    assertEquals("mt-win-01", web.masterTarget());
    assertNull(web.placed());
    assertTrue(done.machines().stream().allMatch(m -> "R:".equals(m.retentionDrive())));
  }
}
