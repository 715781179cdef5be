package dev.reprotect.plan;

import static dev.reprotect.plan.PlanStubs.PLAN;
import static dev.reprotect.plan.PlanStubs.plan;
import static dev.reprotect.plan.PlanStubs.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Whether a machine of a plan is protected already is the site's fact (its replicated items
 * protected back on-premises), not what Temporal's history remembers within its retention.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryPlanAlreadyProtectedTest {

  @RegisterExtension static final TestWorkflowExtension testWorkflow = PlanStubs.testWorkflow();

  @Test
  void givenAMachineTheSiteListsAsProtected_whenNoReprotectionOfItIsInTemporal_itShouldNotStartIt(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlanStubs stubs = new PlanStubs();
    worker.registerActivitiesImplementations(stubs.activities(client));
    // e.g. reprotected before Temporal's retention, or by another tool.
    doReturn(List.of("vm-web-01")).when(stubs.planPreflight).protectedAlready(any());
    env.start();

    PlanStatus done = run(client, worker, plan(new PlanOptions(2, 0), "vm-web-01", "vm-app-01"));

    assertEquals(PlanState.PROTECTED, done.state());
    assertEquals(Map.of("PROTECTED", 2), done.counts());
    verify(stubs.preflight, never()).validate(argThat(r -> r.replicatedItem().equals("vm-web-01")));
    verify(stubs.preflight, times(1))
        .validate(argThat(r -> r.replicatedItem().equals("vm-app-01")));
  }

  @Test
  void
      givenAMachineWhoseReprotectionCompletedButWhoseReplicationIsGone_whenStartedAgain_itShouldReprotectIt(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    PlanStubs stubs = new PlanStubs();
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();
    assertEquals(
        PlanState.PROTECTED, run(client, worker, plan(new PlanOptions(2, 0), "vm-web-01")).state());
    // Its replication was since disabled: the site no longer lists it, though reprotect-vm-web-01
    // completed.
    doReturn(List.of()).when(stubs.planPreflight).protectedAlready(any());

    PlanStatus again = run(client, worker, plan(new PlanOptions(2, 0), "vm-web-01"));

    assertEquals(PlanState.PROTECTED, again.state());
    verify(stubs.preflight, times(2))
        .validate(argThat(r -> r.replicatedItem().equals("vm-web-01")));
    assertEquals(PLAN, again.plan());
  }
}
