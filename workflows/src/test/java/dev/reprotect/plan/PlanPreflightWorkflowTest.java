package dev.reprotect.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.reprotect.preflight.PreflightReport;
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

/** The plan's dry run: one activity call, its report returned as is. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PlanPreflightWorkflowTest {

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(PlanPreflightWorkflowImpl.class)
          .setDoNotStart(true)
          .build();

  @Test
  void givenAPlanWithViolations_whenDryRun_itShouldReturnEveryViolationAndChangeNothing(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlanPreflightActivities activities =
        mock(PlanPreflightActivities.class, withSettings().withoutAnnotations());
    PreflightReport report =
        new PreflightReport(
            false,
            List.of(
                Violation.of(Rule.GROUP_MIXED_OS, "vm-l", "vm-l runs LINUX but rg-mix is WINDOWS")),
            List.of(),
            null);
    when(activities.preflightPlan(any())).thenReturn(report);
    worker.registerActivitiesImplementations(activities);
    env.start();
    RecoveryPlanRequest request = PlanStubs.plan(PlanOptions.DEFAULTS, "vm-w", "vm-l");

    PreflightReport answer =
        client
            .newWorkflowStub(
                PlanPreflightWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setWorkflowId("preflight-plan-rp-app")
                    .setTaskQueue(worker.getTaskQueue())
                    .build())
            .preflight(request);

    assertEquals(report, answer);
    verify(activities).preflightPlan(request);
  }
}
