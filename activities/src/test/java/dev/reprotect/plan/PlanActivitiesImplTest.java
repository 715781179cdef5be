package dev.reprotect.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Which machines of a plan earlier reprotections protected, or still run, read from Temporal. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlanActivitiesImplTest {

  static final String QUEUE = "plan-activities-test";

  private final TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  /** A reprotection that protects vm-done, fails vm-failed and runs on for anything else. */
  public static class ScriptedReprotection implements ReprotectWorkflow {
    @Override
    public ReprotectStatus reprotect(ReprotectRequest request) {
      switch (request.replicatedItem()) {
        case "vm-done":
          return null;
        case "vm-failed":
          throw ApplicationFailure.newNonRetryableFailure(
              "ONPREM_VM_POWERED_ON", "ONPREM_VM_POWERED_ON");
        default:
          Workflow.await(() -> false);
          return null;
      }
    }

    @Override
    public ReprotectStatus status() {
      return null;
    }

    @Override
    public void slotsGranted(SlotGrant grant) {}
  }

  private static ReprotectRequest machine(String vm) {
    return new ReprotectRequest(
        vm, "mt-win-01", "ps-azure-01", "vmfs-01", "R:", null, null, false, "rp");
  }

  private static WorkflowStub start(WorkflowClient client, String vm) {
    ReprotectWorkflow wf =
        client.newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReprotectRequest.workflowIdFor(vm))
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(wf::reprotect, machine(vm));
    return WorkflowStub.fromTyped(wf);
  }

  @Test
  void
      givenOneProtectedOneFailedOneRunningAndOneNeverRunMachine_whenReadingEarlierReprotections_itShouldSortThem() {
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ScriptedReprotection.class);
    env.start();
    WorkflowClient client = env.getWorkflowClient();
    start(client, "vm-done").getResult(ReprotectStatus.class);
    WorkflowStub failed = start(client, "vm-failed");
    assertThrows(RuntimeException.class, () -> failed.getResult(ReprotectStatus.class));
    start(client, "vm-running");

    EarlierReprotections earlier =
        new PlanActivitiesImpl(client)
            .earlierReprotections(
                new RecoveryPlanRequest(
                    "rp",
                    List.of(
                        machine("vm-done"),
                        machine("vm-failed"),
                        machine("vm-running"),
                        machine("vm-never")),
                    PlanOptions.DEFAULTS,
                    null));

    assertEquals(List.of("vm-done"), earlier.protectedAlready());
    assertEquals(Map.of("vm-running", ""), earlier.runningElsewhere());
  }
}
