package dev.reprotect.reprotect;

import static dev.reprotect.reprotect.StepStubs.REQUEST;
import static dev.reprotect.reprotect.StepStubs.fault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.capacity.SlotsThroughClient;
import dev.reprotect.rules.Rule;
import dev.reprotect.visibility.CapturingStatsReporter;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a reprotection shows outside its status query: the search attributes it keeps (when started
 * with them) and the metrics it emits, once each however often it is replayed. Every workflow task
 * here replays the whole history (no workflow cache).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReprotectWorkflowVisibilityTest {

  private final CapturingStatsReporter metrics = new CapturingStatsReporter();
  private final Scope scope =
      new RootScopeBuilder().reporter(metrics).reportEvery(com.uber.m3.util.Duration.ofMillis(10));
  private final TestWorkflowEnvironment env = environment(scope);
  private final WorkflowClient client = env.getWorkflowClient();
  private final StepStubs stubs = new StepStubs();

  private static TestWorkflowEnvironment environment(Scope scope) {
    TestEnvironmentOptions.Builder options =
        TestEnvironmentOptions.newBuilder()
            .setMetricsScope(scope)
            .setWorkerFactoryOptions(
                WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build());
    for (SearchAttributeKey<String> key : ReprotectSearchAttributes.ALL) {
      options.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    return TestWorkflowEnvironment.newInstance(options.build());
  }

  @AfterEach
  void close() {
    env.close();
  }

  private WorkflowStub start(SearchAttributes attributes) {
    Worker worker = env.newWorker("reprotect");
    worker.registerWorkflowImplementationTypes(
        ReprotectWorkflowImpl.class, MasterTargetSlotsWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        stubs.preflight, stubs.steps, new SlotsThroughClient(client, "reprotect"));
    env.start();
    WorkflowOptions.Builder options =
        WorkflowOptions.newBuilder().setWorkflowId(REQUEST.workflowId()).setTaskQueue("reprotect");
    if (attributes != null) {
      options.setTypedSearchAttributes(attributes);
    }
    ReprotectWorkflow workflow = client.newWorkflowStub(ReprotectWorkflow.class, options.build());
    WorkflowClient.start(workflow::reprotect, REQUEST);
    return WorkflowStub.fromTyped(workflow);
  }

  private List<HistoryEvent> history() {
    return client.fetchHistory(REQUEST.workflowId()).getEvents();
  }

  private long eventsOf(EventType type) {
    return history().stream().filter(e -> e.getEventType() == type).count();
  }

  @Test
  void
      givenARunStartedWithSearchAttributes_whenProtected_itShouldUpsertEachStepAndTheEndOnceAndCountOnce()
          throws Exception {
    WorkflowStub run = start(ReprotectSearchAttributes.forReprotection(REQUEST));

    assertEquals(ReprotectState.PROTECTED, run.getResult(ReprotectStatus.class).state());

    SearchAttributes shown = run.describe().getTypedSearchAttributes();
    assertEquals("vm-web-01", shown.get(ReprotectSearchAttributes.VM));
    assertEquals("SYNCHRONIZE", shown.get(ReprotectSearchAttributes.STEP));
    assertEquals("PROTECTED", shown.get(ReprotectSearchAttributes.STATE));
    assertNull(shown.get(ReprotectSearchAttributes.RULE));
    // VALIDATE is what it started with: one upsert per later step, one for the end.
    assertEquals(
        Step.values().length - 1 + 1,
        eventsOf(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES));

    scope.close(); // reports what is buffered
    assertEquals(
        1,
        metrics.counter("reprotect_reprotections", Map.of("state", "PROTECTED", "rule", "none")));
    for (Step step : Step.values()) {
      assertEquals(
          1,
          metrics.timings(
              "reprotect_step_duration", Map.of("step", step.name(), "outcome", "COMPLETED")),
          step.name());
    }
    assertEquals(1, metrics.timings("reprotect_agent_wait", Map.of()));
    assertEquals(
        2.0,
        metrics.gauge("reprotect_master_target_slots_used", Map.of("master_target", "mt-win-01")));
  }

  @Test
  void givenARunStartedWithoutSearchAttributes_whenProtected_itShouldAddNoCommandForThem()
      throws Exception {
    WorkflowStub run = start(null);

    assertEquals(ReprotectState.PROTECTED, run.getResult(ReprotectStatus.class).state());

    assertEquals(0, eventsOf(EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES));
    assertEquals(
        List.of(),
        history().stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
            .map(e -> e.getMarkerRecordedEventAttributes().getDetailsMap().toString())
            .filter(details -> details.contains("search-attributes"))
            .toList());
    scope.close();
    assertEquals(1, metrics.counter("reprotect_reprotections", Map.of("state", "PROTECTED")));
  }

  @Test
  void givenARunFailingByRule_whenItEnds_itShouldShowAndCountTheRuleAndTheStepItFailedIn()
      throws Exception {
    when(stubs.steps.powerOff(any())).thenThrow(fault(Rule.VCENTER_READ_ONLY_ACCOUNT, 1));
    WorkflowStub run = start(ReprotectSearchAttributes.forReprotection(REQUEST));

    assertThrows(WorkflowFailedException.class, () -> run.getResult(ReprotectStatus.class));

    SearchAttributes shown = run.describe().getTypedSearchAttributes();
    assertEquals("FAILED", shown.get(ReprotectSearchAttributes.STATE));
    assertEquals("POWER_OFF", shown.get(ReprotectSearchAttributes.STEP));
    assertEquals("VCENTER_READ_ONLY_ACCOUNT", shown.get(ReprotectSearchAttributes.RULE));
    scope.close();
    assertEquals(
        1,
        metrics.counter(
            "reprotect_reprotections",
            Map.of("state", "FAILED", "rule", "VCENTER_READ_ONLY_ACCOUNT")));
    assertEquals(
        1,
        metrics.timings(
            "reprotect_step_duration", Map.of("step", "POWER_OFF", "outcome", "FAILED")));
  }
}
