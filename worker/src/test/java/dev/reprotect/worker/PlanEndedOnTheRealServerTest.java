package dev.reprotect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.plan.PlanOptions;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.plan.RecoveryPlanWorkflow;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.simulated.SimulatedSite;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A recovery plan reset or terminated by an SRE on the real server (the CLI's dev server): the
 * plan's run ends, and its machine, synchronizing, must go on to PROTECTED, not be cancelled and
 * rolled back (disks detached) by the parent-close policy.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class PlanEndedOnTheRealServerTest {

  static final String QUEUE = RealServer.QUEUE;
  static final String VM = "vm-db-01";

  private RealServer server;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private SimulatedSite site;

  @BeforeEach
  void start() throws Exception {
    server = RealServer.start();
    stubs = server.stubs;
    client = server.client;
    site = SimulatedSite.loadSample(SimulatedSite.Options.defaults()); // a sync of 24 s
    server.startPlanWorker(site);
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void givenAPlanWhoseMachineSynchronizes_whenThePlanIsReset_theMachineShouldGoOnToProtected()
      throws Exception {
    RecoveryPlanRequest request = startPlan();
    String firstRun =
        client.newUntypedWorkflowStub(request.workflowId()).describe().getExecution().getRunId();
    RealServer.within(
        Duration.ofSeconds(60),
        VM + " synchronizing",
        () -> server.stateOf(VM) == ReprotectState.SYNCHRONIZING);

    // An SRE resets the plan to the end of its first workflow task: the run it leaves ends.
    stubs
        .blockingStub()
        .resetWorkflowExecution(
            ResetWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setWorkflowExecution(
                    WorkflowExecution.newBuilder()
                        .setWorkflowId(request.workflowId())
                        .setRunId(firstRun)
                        .build())
                .setWorkflowTaskFinishEventId(4)
                .setReason("an SRE's reset")
                .setRequestId(UUID.randomUUID().toString())
                .build());

    assertMachineWentOnToProtected();
  }

  /**
   * The same when the plan is terminated: the case where the old parent-close policy
   * (REQUEST_CANCEL) cancelled the machine and rolled it back; on the dev server (1.32) a reset did
   * not apply it, but a terminate does.
   */
  @Test
  void givenAPlanWhoseMachineSynchronizes_whenThePlanIsTerminated_theMachineShouldGoOnToProtected()
      throws Exception {
    RecoveryPlanRequest request = startPlan();
    RealServer.within(
        Duration.ofSeconds(60),
        VM + " synchronizing",
        () -> server.stateOf(VM) == ReprotectState.SYNCHRONIZING);

    client.newUntypedWorkflowStub(request.workflowId()).terminate("an SRE's terminate");

    assertMachineWentOnToProtected();
  }

  private RecoveryPlanRequest startPlan() {
    RecoveryPlanRequest request =
        new RecoveryPlanRequest(
            "rp-reset",
            List.of(
                ReprotectRequest.of(VM, "mt-lnx-01", "ps-azure-01", "vsan-01", "/mnt/retention")),
            new PlanOptions(1, 0),
            null);
    RecoveryPlanWorkflow plan =
        client.newWorkflowStub(
            RecoveryPlanWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.workflowId())
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(plan::reprotect, request);
    return request;
  }

  private void assertMachineWentOnToProtected() throws InterruptedException {
    String child = ReprotectRequest.workflowIdFor(VM);
    RealServer.within(
        Duration.ofSeconds(120),
        VM + " ended",
        () ->
            client.newUntypedWorkflowStub(child).describe().getStatus()
                != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertEquals(
        WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED,
        client.newUntypedWorkflowStub(child).describe().getStatus(),
        "the machine was not rolled back");
    assertEquals(ReprotectState.PROTECTED, server.stateOf(VM));
    assertEquals(0, site.sideEffects(VM).diskDetaches(), "no disk detached");
    assertTrue(site.sideEffects(VM).diskAttaches() >= 1);
  }
}
