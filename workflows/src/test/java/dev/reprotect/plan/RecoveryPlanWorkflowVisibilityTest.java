package dev.reprotect.plan;

import static dev.reprotect.plan.PlanStubs.PLAN;
import static dev.reprotect.plan.PlanStubs.fault;
import static dev.reprotect.plan.PlanStubs.plan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.when;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.rules.Rule;
import dev.reprotect.visibility.CapturingStatsReporter;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plan started with our search attributes gives each machine its own (plan, VM), keeps its state
 * in them, and reports its end and progress once each, though every workflow task replays the whole
 * history (no workflow cache). With -Dreprotect.recordHistories=true its history is written for the
 * replay test.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RecoveryPlanWorkflowVisibilityTest {

  private final CapturingStatsReporter metrics = new CapturingStatsReporter();
  private final Scope scope =
      new RootScopeBuilder().reporter(metrics).reportEvery(com.uber.m3.util.Duration.ofMillis(10));
  private final TestWorkflowEnvironment env;

  RecoveryPlanWorkflowVisibilityTest() {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder()
            .setMetricsScope(scope)
            .setWorkerFactoryOptions(
                WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    for (SearchAttributeKey<String> key : ReprotectSearchAttributes.ALL) {
      options.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    env = TestWorkflowEnvironment.newInstance(options.build());
  }

  @AfterEach
  void close() {
    env.close();
  }

  private SearchAttributes of(String workflowId) {
    return env.getWorkflowClient()
        .newUntypedWorkflowStub(workflowId)
        .describe()
        .getTypedSearchAttributes();
  }

  @Test
  void
      givenAPlanStartedWithSearchAttributes_whenAMachineFailsByRule_itShouldTagEveryMachineAndCountEachEndOnce()
          throws Exception {
    WorkflowClient client = env.getWorkflowClient();
    PlanStubs stubs = new PlanStubs();
    when(stubs.steps.synchronize(argThat(r -> r != null && r.replicatedItem().equals("vm-db-02"))))
        .thenThrow(fault(Rule.ONPREM_VM_POWERED_ON, "vm-db-02", 1));
    Worker worker = env.newWorker("reprotect");
    worker.registerWorkflowImplementationTypes(
        RecoveryPlanWorkflowImpl.class, ReprotectWorkflowImpl.class);
    worker.registerActivitiesImplementations(stubs.activities(client));
    env.start();
    RecoveryPlanWorkflow workflow =
        client.newWorkflowStub(
            RecoveryPlanWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(RecoveryPlanRequest.workflowIdFor(PLAN))
                .setTaskQueue("reprotect")
                .setTypedSearchAttributes(ReprotectSearchAttributes.forPlan(PLAN))
                .build());

    PlanStatus done =
        workflow.reprotect(plan(new PlanOptions(2, 0), "vm-web-01", "vm-db-02", "vm-web-02"));

    assertEquals(PlanState.FAILED, done.state());
    SearchAttributes shown = of(RecoveryPlanRequest.workflowIdFor(PLAN));
    assertEquals(PLAN, shown.get(ReprotectSearchAttributes.PLAN));
    assertEquals("FAILED", shown.get(ReprotectSearchAttributes.STATE));
    assertNull(shown.get(ReprotectSearchAttributes.VM));
    for (String vm : new String[] {"vm-web-01", "vm-web-02"}) {
      SearchAttributes machine = of(ReprotectRequest.workflowIdFor(vm));
      assertEquals(PLAN, machine.get(ReprotectSearchAttributes.PLAN), vm);
      assertEquals(vm, machine.get(ReprotectSearchAttributes.VM));
      assertEquals("PROTECTED", machine.get(ReprotectSearchAttributes.STATE), vm);
    }
    SearchAttributes failed = of(ReprotectRequest.workflowIdFor("vm-db-02"));
    assertEquals(PLAN, failed.get(ReprotectSearchAttributes.PLAN));
    assertEquals("FAILED", failed.get(ReprotectSearchAttributes.STATE));
    assertEquals("ONPREM_VM_POWERED_ON", failed.get(ReprotectSearchAttributes.RULE));

    scope.close();
    assertEquals(1, metrics.counter("reprotect_plans", Map.of("state", "FAILED")));
    assertEquals(2, metrics.counter("reprotect_reprotections", Map.of("state", "PROTECTED")));
    assertEquals(
        1,
        metrics.counter(
            "reprotect_reprotections", Map.of("state", "FAILED", "rule", "ONPREM_VM_POWERED_ON")));
    assertEquals(100.0, metrics.gauge("reprotect_plan_progress_percent", Map.of("plan", PLAN)));

    if (Boolean.getBoolean("reprotect.recordHistories")) {
      Files.writeString(
          Path.of("src/test/resources/histories/plan/failed-search-attributes-3-machines.json"),
          client.fetchHistory(RecoveryPlanRequest.workflowIdFor(PLAN)).toJson(true));
    }
  }
}
