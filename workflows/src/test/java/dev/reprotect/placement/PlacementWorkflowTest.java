package dev.reprotect.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.reprotect.inventory.OsType;
import dev.reprotect.plan.PlanOptions;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Placement as a short workflow: one activity call, its proposal (or refusal) returned as is. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlacementWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(PlacementWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  private static final RecoveryPlanRequest PLAN =
      new RecoveryPlanRequest(
          "rp-app",
          List.of(
              new ReprotectRequest(
                  "vm-app-01", null, null, null, null, null, null, false, "rp-app")),
          PlanOptions.DEFAULTS,
          null);

  private static Placement propose(Worker worker, WorkflowClient client) {
    return client
        .newWorkflowStub(
            PlacementWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("placement-rp-app")
                .setTaskQueue(worker.getTaskQueue())
                .build())
        .propose(PLAN);
  }

  @Test
  void givenAPlacement_whenProposed_itShouldReturnItAsTheActivityFoundIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlacementActivities activities =
        mock(PlacementActivities.class, withSettings().withoutAnnotations());
    Placement placement =
        new Placement(
            "rp-app",
            List.of(
                new MachinePlacement(
                    "vm-app-01",
                    "mt-win-01",
                    "ps-azure-01",
                    "vmfs-01",
                    "R:",
                    RecoveryLocation.ORIGINAL,
                    List.of())),
            List.of(new MasterTargetLoad("mt-win-01", OsType.WINDOWS, 0, 1, 60)),
            List.of());
    when(activities.propose(any())).thenReturn(placement);
    worker.registerActivitiesImplementations(activities);
    env.start();

    assertEquals(placement, propose(worker, client));
    verify(activities).propose(PLAN);
  }

  @Test
  void givenNoValidAssignment_whenProposed_itShouldReturnTheUnmetConstraints(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlacementActivities activities =
        mock(PlacementActivities.class, withSettings().withoutAnnotations());
    Placement refused =
        new Placement(
            "rp-app",
            List.of(),
            List.of(),
            List.of(
                new Violation(
                    Rule.MT_OS_MISMATCH,
                    "vm-app-01 runs LINUX but no master target does",
                    "deploy one more LINUX master target with 1 free disk slot",
                    "vm-app-01")));
    when(activities.propose(any())).thenReturn(refused);
    worker.registerActivitiesImplementations(activities);
    env.start();

    Placement answer = propose(worker, client);

    assertEquals(refused, answer);
    assertEquals(false, answer.placed());
  }
}
