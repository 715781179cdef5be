package dev.reprotect.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.reprotect.visibility.CapturingStatsReporter;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The protection watch on the time-skipping test server, over a stand-in Azure side that says what
 * is protected: what it publishes (query and metrics), what it does when items leave or a check
 * fails, and what its history costs. No workflow cache: every task replays the whole history. With
 * -Dreprotect.recordHistories=true the first test writes the history the replay test replays.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProtectionWatchWorkflowTest {

  static final Duration INTERVAL = Duration.ofMinutes(1);
  static final String QUEUE = "reprotect";

  private final CapturingStatsReporter metrics = new CapturingStatsReporter();
  private final Scope scope =
      new RootScopeBuilder().reporter(metrics).reportEvery(com.uber.m3.util.Duration.ofMillis(10));
  private final TestWorkflowEnvironment env =
      TestWorkflowEnvironment.newInstance(
          TestEnvironmentOptions.newBuilder()
              .setMetricsScope(scope)
              .setWorkerFactoryOptions(
                  WorkerFactoryOptions.newBuilder().setWorkflowCacheSize(0).build())
              .build());
  private final WorkflowClient client = env.getWorkflowClient();
  private final AzureStandIn azure = new AzureStandIn();

  /** What the Azure side says is protected now; a check fails while {@code failing} is set. */
  public static class AzureStandIn implements ProtectionActivities {
    final AtomicReference<List<ProtectionReading>> protectedNow = new AtomicReference<>(List.of());
    final AtomicBoolean failing = new AtomicBoolean();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public List<ProtectionReading> checkProtection() {
      calls.incrementAndGet();
      if (failing.get()) {
        throw ApplicationFailure.newNonRetryableFailure(
            "configuration server unreachable", "CONFIG_SERVER_UNREACHABLE");
      }
      return protectedNow.get();
    }
  }

  static ProtectionReading reading(String vm, String plan, long rpo, ReplicationHealth health) {
    return new ProtectionReading(
        vm,
        plan,
        rpo,
        health,
        List.of(),
        Instant.parse("2026-12-03T10:00:00Z").minusSeconds(rpo),
        Instant.parse("2026-12-03T10:00:00Z"));
  }

  @AfterEach
  void close() {
    env.close();
  }

  private String firstRun;

  private ProtectionWatchWorkflow start(int checksPerRun) {
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(ProtectionWatchWorkflowImpl.class);
    worker.registerActivitiesImplementations(azure);
    env.start();
    ProtectionWatchWorkflow watch =
        client.newWorkflowStub(
            ProtectionWatchWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ProtectionWatchWorkflow.WORKFLOW_ID)
                .setTaskQueue(QUEUE)
                .build());
    firstRun =
        WorkflowClient.start(
                watch::watch, new WatchRequest(INTERVAL, checksPerRun, ProtectionReadings.NONE))
            .getRunId();
    return client.newWorkflowStub(
        ProtectionWatchWorkflow.class, ProtectionWatchWorkflow.WORKFLOW_ID);
  }

  private List<HistoryEvent> historyOf(String runId) {
    return client.fetchHistory(ProtectionWatchWorkflow.WORKFLOW_ID, runId).getEvents();
  }

  /** Every run so far, first to last, following each run's continue-as-new to the next. */
  private List<String> runs() {
    List<String> runs = new java.util.ArrayList<>(List.of(firstRun));
    while (true) {
      List<HistoryEvent> events = historyOf(runs.get(runs.size() - 1));
      HistoryEvent last = events.get(events.size() - 1);
      if (last.getEventType() != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
        return runs;
      }
      runs.add(last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId());
    }
  }

  @Test
  void givenProtectedItems_whenTheWatchChecks_itShouldPublishEachReadingItsMetricsAndTheCheckTime()
      throws Exception {
    azure.protectedNow.set(
        List.of(
            reading("vm-web-01", null, 40, ReplicationHealth.NORMAL),
            reading("vm-fs-02", "rp-fileservers", 1_300, ReplicationHealth.WARNING)));
    ProtectionWatchWorkflow watch = start(3);

    env.sleep(INTERVAL.dividedBy(2));

    ProtectionReadings seen = watch.readings();
    assertEquals(1, seen.checks());
    assertNotNull(seen.lastCheckedAt());
    assertEquals(40, seen.of("vm-web-01").orElseThrow().rpoSeconds());
    assertEquals(1, seen.outOfPolicy("rp-fileservers"), "vm-fs-02's RPO is past 15 minutes");
    assertEquals(0, seen.outOfPolicy(null));
    scope.close();
    assertEquals(
        1_300.0,
        metrics.gauge(WatchMetrics.RPO, Map.of("vm", "vm-fs-02", "plan", "rp-fileservers")));
    assertEquals(1.0, metrics.gauge(WatchMetrics.HEALTH, Map.of("vm", "vm-fs-02")));
    assertEquals(
        0.0, metrics.gauge(WatchMetrics.HEALTH, Map.of("vm", "vm-web-01", "plan", "none")));
    assertEquals(
        seen.lastCheckedAt().toEpochMilli() / 1000.0,
        metrics.gauge(WatchMetrics.LAST_CHECK, Map.of()));

    if (Boolean.getBoolean("reprotect.recordHistories")) {
      env.sleep(
          INTERVAL.multipliedBy(3)); // the first run ends: continued as new after its 3 checks
      assertTrue(runs().size() >= 2, "the first run continued as new");
      Files.writeString(
          Path.of("src/test/resources/histories/watch", "three-checks-continued-as-new.json"),
          client.fetchHistory(ProtectionWatchWorkflow.WORKFLOW_ID, firstRun).toJson(true));
    }
  }

  @Test
  void givenAnItemThatLeavesTheWatch_whenChecked_itShouldDropItAndBlankItsGauges()
      throws Exception {
    azure.protectedNow.set(
        List.of(
            reading("vm-web-01", null, 40, ReplicationHealth.NORMAL),
            reading("vm-db-01", null, 3_000, ReplicationHealth.CRITICAL)));
    ProtectionWatchWorkflow watch = start(10);
    env.sleep(INTERVAL.dividedBy(2));
    assertEquals(2, watch.readings().items().size());

    azure.protectedNow.set(
        List.of(reading("vm-web-01", null, 45, ReplicationHealth.NORMAL))); // vm-db-01 failed back
    env.sleep(INTERVAL);

    ProtectionReadings seen = watch.readings();
    assertEquals(2, seen.checks());
    assertEquals(
        List.of("vm-web-01"),
        seen.items().stream().map(ProtectionReading::replicatedItem).toList());
    scope.close();
    assertTrue(
        metrics.gauge(WatchMetrics.RPO, Map.of("vm", "vm-db-01")).isNaN(),
        "a left machine's RPO gauge");
    assertTrue(
        metrics.gauge(WatchMetrics.HEALTH, Map.of("vm", "vm-db-01")).isNaN(),
        "a left machine's health gauge");
    assertEquals(45.0, metrics.gauge(WatchMetrics.RPO, Map.of("vm", "vm-web-01")));
  }

  @Test
  void
      givenAFailingCheck_whenTheAzureSideIsUnreachable_itShouldKeepTheLastReadingsAndTheirTimeAndGoOn()
          throws Exception {
    azure.protectedNow.set(List.of(reading("vm-web-01", null, 40, ReplicationHealth.NORMAL)));
    ProtectionWatchWorkflow watch = start(10);
    env.sleep(INTERVAL.dividedBy(2));
    Instant firstCheck = watch.readings().lastCheckedAt();

    azure.failing.set(true);
    env.sleep(INTERVAL.multipliedBy(2));
    ProtectionReadings stale = watch.readings();
    assertEquals(1, stale.checks());
    assertEquals(firstCheck, stale.lastCheckedAt(), "a failed check is not a check");
    assertEquals(1, stale.items().size());

    azure.failing.set(false);
    env.sleep(INTERVAL);
    assertTrue(watch.readings().checks() >= 2, "the watch goes on once the Azure side answers");
    assertTrue(watch.readings().lastCheckedAt().isAfter(firstCheck));
  }

  @Test
  void givenManyChecks_whenTheWatchRuns_eachCheckShouldCostAFewEventsAndEachRunShouldContinueAsNew()
      throws Exception {
    azure.protectedNow.set(List.of(reading("vm-web-01", null, 40, ReplicationHealth.NORMAL)));
    ProtectionWatchWorkflow watch = start(5);
    env.sleep(
        INTERVAL
            .multipliedBy(12)
            .plusSeconds(30)); // 13 checks: two full runs of 5, a third running

    ProtectionReadings seen = watch.readings();
    assertEquals(13, seen.checks(), "the check count carries over continue-as-new");
    assertEquals(1, seen.items().size(), "so do the readings");
    List<String> runs = runs();
    assertEquals(3, runs.size(), "runs: " + runs);
    for (String run : runs) {
      List<HistoryEvent> events = historyOf(run);
      assertTrue(
          events.size() <= 5 * 12 + 5,
          "a run's history stays bounded: " + events.size() + " events");
      if (events.get(events.size() - 1).getEventType()
          == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
        long activities =
            events.stream()
                .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                .count();
        assertEquals(5, activities, "one read of the Azure side a check");
        double perCheck = (events.size() - 4) / 5.0; // less the run's start and end events
        assertTrue(perCheck <= 12, "events a check: " + perCheck);
      }
    }
  }

  @Test
  void givenNoProtectedItem_whenChecked_itShouldShowNoReadingButAFreshCheckTime() throws Exception {
    ProtectionWatchWorkflow watch = start(10);
    env.sleep(INTERVAL.dividedBy(2));

    ProtectionReadings seen = watch.readings();
    assertEquals(List.of(), seen.items());
    assertNotNull(seen.lastCheckedAt());
    assertNull(seen.of("vm-web-01").orElse(null));
  }

  static WorkflowExecutionHistory recorded(String name) throws Exception {
    return WorkflowExecutionHistory.fromJson(
        Files.readString(Path.of("src/test/resources/histories/watch", name)));
  }
}
