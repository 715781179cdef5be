package dev.reprotect.plan;

import static dev.reprotect.plan.PlanStubs.PLAN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
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
 * A plan whose values placement chose ({@code "placement": "auto"}): its status shows what
 * placement chose for each machine; its history is committed for the replay test
 * (-Dreprotect.recordHistories=true rewrites it).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryPlanPlacementTest {

  @RegisterExtension static final TestWorkflowExtension testWorkflow = PlanStubs.testWorkflow();

  @Test
  void givenAPlanPlacedAutomatically_whenProtected_itsStatusShouldShowWhatPlacementChose(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws IOException {
    PlanStubs stubs = new PlanStubs(RecoveryPlanWorkflowTest.RG_APP);
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();
    ReprotectRequest first =
        new ReprotectRequest(
            "vm-app-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:", null, null, false, PLAN);
    ReprotectRequest second =
        new ReprotectRequest(
            "vm-app-02", "mt-win-01", "ps-onprem-01", "vmfs-01", "R:", null, null, false, PLAN);
    List<MachinePlacement> chosen =
        List.of(
            new MachinePlacement(
                "vm-app-01",
                "mt-win-01",
                "ps-azure-01",
                "vmfs-01",
                "R:",
                RecoveryLocation.ORIGINAL,
                List.of()),
            new MachinePlacement(
                "vm-app-02",
                "mt-win-01",
                "ps-onprem-01",
                "vmfs-01",
                "R:",
                RecoveryLocation.ORIGINAL,
                List.of(MachinePlacement.PROCESS_SERVER)));
    RecoveryPlanRequest request =
        new RecoveryPlanRequest(PLAN, List.of(first, second), new PlanOptions(2, 0), null, chosen);

    PlanStatus done =
        client
            .newWorkflowStub(
                RecoveryPlanWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(request.workflowId())
                    .setTaskQueue(worker.getTaskQueue())
                    .build())
            .reprotect(request);

    assertEquals(PlanState.PROTECTED, done.state());
    assertEquals(chosen, done.placement());
    assertEquals(
        chosen,
        client
            .newWorkflowStub(RecoveryPlanWorkflow.class, request.workflowId())
            .status()
            .placement());
    if (RecoveryPlanWorkflowTest.RECORD) {
      Files.writeString(
          Path.of("src/test/resources/histories/plan", "protected-placement-auto.json"),
          client.fetchHistory(request.workflowId()).toJson(true));
    }
  }

  @Test
  void givenAPlanWithEveryValueGiven_whenProtected_itsStatusShouldShowNoPlacement(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlanStubs stubs = new PlanStubs();
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();

    PlanStatus done =
        client
            .newWorkflowStub(
                RecoveryPlanWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId(RecoveryPlanRequest.workflowIdFor(PLAN))
                    .setTaskQueue(worker.getTaskQueue())
                    .build())
            .reprotect(PlanStubs.plan(new PlanOptions(2, 0), "vm-web-01"));

    assertEquals(PlanState.PROTECTED, done.state());
    assertNull(done.placement());
  }
}
