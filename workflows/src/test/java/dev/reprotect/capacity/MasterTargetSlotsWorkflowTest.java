package dev.reprotect.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.testing.Eventually;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The slots ledger alone: requesters are stand-in workflows that only record the grants they get,
 * so each test sees exactly what the master target's workflow decides.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MasterTargetSlotsWorkflowTest {

  static final String MT = "mt-win-01";

  @RegisterExtension
  static final TestWorkflowExtension testWorkflow =
      TestWorkflowExtension.newBuilder()
          .registerWorkflowImplementationTypes(RecordingRequester.class)
          .setDoNotStart(true)
          .build();

  private WorkflowClient client;
  private SlotsThroughClient capacity;

  @BeforeEach
  void clearGrants() {
    RecordingRequester.GRANTS.clear();
  }

  private void start(
      TestWorkflowEnvironment env,
      Worker worker,
      WorkflowClient client,
      int maxConcurrent,
      int historyLengthLimit) {
    worker.registerWorkflowImplementationFactory(
        MasterTargetSlotsWorkflow.class,
        () -> new MasterTargetSlotsWorkflowImpl(historyLengthLimit));
    this.client = client;
    this.capacity = new SlotsThroughClient(client, worker.getTaskQueue(), maxConcurrent);
    worker.registerActivitiesImplementations(capacity);
    env.start();
  }

  private void start(TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client, 0, MasterTargetSlotsWorkflowImpl.HISTORY_LENGTH_LIMIT);
  }

  private static String requesterOf(String item) {
    return "requester-" + item;
  }

  /** Starts the item's stand-in requester (once) and asks for slots on its behalf. */
  private void request(String item, int disks, Worker worker) {
    if (!started.contains(item)) {
      started.add(item);
      ReprotectWorkflow requester =
          client.newWorkflowStub(
              ReprotectWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(requesterOf(item))
                  .setTaskQueue(worker.getTaskQueue())
                  .build());
      WorkflowClient.start(requester::reprotect, ReprotectRequest.of(item, MT, "ps", "ds", "R:"));
    }
    capacity.requestSlots(new SlotRequest(MT, item, disks, requesterOf(item), null));
  }

  private final List<String> started = new ArrayList<>();

  /** Asks for slots for the item and waits for its first answer, which must be a grant. */
  private void requestGranted(String item, int disks, Worker worker) {
    request(item, disks, worker);
    eventually(() -> assertTrue(grantsOf(item).get(0).granted()));
  }

  /** Asks for slots for the item and waits for its first answer, which must be a denial. */
  private void requestDenied(String item, int disks, Worker worker) {
    request(item, disks, worker);
    eventually(() -> assertFalse(grantsOf(item).get(0).granted()));
  }

  private void release(String item, boolean released) {
    client
        .newWorkflowStub(
            MasterTargetSlotsWorkflow.class, MasterTargetSlotsWorkflow.workflowIdFor(MT))
        .release(new SlotRelease(item, released));
  }

  private SlotsView slots() {
    return SlotsThroughClient.slotsOf(client, MT);
  }

  private static List<SlotGrant> grantsOf(String item) {
    return RecordingRequester.GRANTS.getOrDefault(requesterOf(item), List.of());
  }

  /** The entity answers signals asynchronously: wait until the check holds. */
  static void eventually(Runnable check) {
    Eventually.eventually(Duration.ofSeconds(10), check);
  }

  @Test
  void givenRequestsThatDoNotAllFit_whenSlotsFreeUp_itShouldGrantInArrivalOrderAndNeverExceedSixty(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client);

    request("vm-a", 50, worker);
    eventually(() -> assertEquals(1, grantsOf("vm-a").size()));
    request("vm-b", 20, worker);
    request("vm-c", 5, worker); // would fit now, but waits behind vm-b: first come, first served

    eventually(
        () ->
            assertEquals(
                List.of("vm-b", "vm-c"),
                slots().waiting().stream().map(SlotRequest::replicatedItem).toList()));
    assertEquals(Map.of("vm-a", 50), slots().reserved());
    assertEquals(50, slots().used());
    assertTrue(grantsOf("vm-b").isEmpty());
    assertTrue(grantsOf("vm-c").isEmpty());

    release("vm-a", true);

    eventually(() -> assertEquals(Map.of("vm-b", 20, "vm-c", 5), slots().reserved()));
    assertEquals(25, slots().used());
    assertTrue(slots().waiting().isEmpty());
    eventually(() -> assertEquals(1, grantsOf("vm-b").size()));
    SlotGrant b = grantsOf("vm-b").get(0);
    assertTrue(b.granted());
    assertEquals(20, b.disks());
    assertEquals(60, b.capacity());
    assertTrue(b.used() <= 60, "used " + b.used());
    eventually(() -> assertEquals(1, grantsOf("vm-c").size()));
  }

  @Test
  void
      givenDisksAlreadyAttachedByOthers_whenARequestCanNeverFit_itShouldBeDeniedAtOnceWithTheNumbers(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client);
    capacity.attachedOnSite.put("", 50);

    request("vm-a", 20, worker);

    eventually(() -> assertEquals(1, grantsOf("vm-a").size()));
    SlotGrant denied = grantsOf("vm-a").get(0);
    assertFalse(denied.granted());
    assertTrue(
        denied.reason().contains("20 disks") && denied.reason().contains("50 of its 60"),
        denied.reason());
    assertTrue(slots().waiting().isEmpty());
    assertTrue(slots().reserved().isEmpty());
    assertEquals(50, slots().used());

    requestDenied("vm-big", 61, worker);

    requestGranted("vm-b", 10, worker);
    assertEquals(60, slots().used());
  }

  @Test
  void givenARepeatedRequest_whenItArrives_itShouldNotQueueTwiceAndShouldAnswerAGrantAgain(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client);

    request("vm-a", 10, worker);
    // The repeat comes once the first is granted (one arriving while it still waits only keeps its
    // place, and both may land in one workflow task).
    eventually(() -> assertEquals(1, grantsOf("vm-a").size()));
    request("vm-a", 10, worker);
    request("vm-b", 55, worker);
    request("vm-b", 55, worker);

    eventually(() -> assertEquals(2, grantsOf("vm-a").size()));
    assertTrue(grantsOf("vm-a").stream().allMatch(SlotGrant::granted));
    assertEquals(Map.of("vm-a", 10), slots().reserved());
    assertEquals(
        List.of("vm-b"), slots().waiting().stream().map(SlotRequest::replicatedItem).toList());
    assertEquals(10, slots().used());
    assertTrue(grantsOf("vm-b").isEmpty());
  }

  @Test
  void
      givenReservations_whenOneIsCommittedAndAnotherReleased_itShouldKeepTheCommittedDisksAndFreeTheOthers(
          TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client);
    request("vm-a", 20, worker);
    request("vm-b", 30, worker);
    eventually(() -> assertEquals(50, slots().used()));

    release("vm-a", false); // protected: its disks stay attached and keep their slots
    eventually(() -> assertEquals(Map.of("vm-b", 30), slots().reserved()));
    assertEquals(Map.of("vm-a", 20), slots().attachedOnSite());
    assertEquals(50, slots().used());

    release("vm-b", true); // failed or cancelled: disks detached, slots free
    eventually(() -> assertTrue(slots().reserved().isEmpty()));
    assertEquals(Map.of("vm-a", 20), slots().attachedOnSite());
    assertEquals(20, slots().used());

    // A later request sees the site's view: vm-a's disks are still there, 41 would not fit.
    capacity.attachedOnSite.put("vm-a", 20);
    requestDenied("vm-c", 41, worker);
    requestGranted("vm-d", 40, worker);
    assertEquals(60, slots().used());
  }

  @Test
  void givenAQueuedRequest_whenReleasedBeforeItsTurn_itShouldLeaveTheQueue(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client);
    request("vm-a", 60, worker);
    request("vm-b", 1, worker);
    eventually(() -> assertEquals(1, slots().waiting().size()));

    release("vm-b", true);
    eventually(() -> assertTrue(slots().waiting().isEmpty()));
    release("vm-a", true);

    eventually(() -> assertEquals(0, slots().used()));
    assertTrue(grantsOf("vm-b").isEmpty());
  }

  @Test
  void givenARequesterThatNoLongerExists_whenGranted_itShouldDropItsReservationAndKeepRunning(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client);

    capacity.requestSlots(new SlotRequest(MT, "vm-gone", 30, "requester-that-never-ran", null));
    request("vm-a", 40, worker);

    eventually(() -> assertEquals(Map.of("vm-a", 40), slots().reserved()));
    eventually(() -> assertTrue(grantsOf("vm-a").get(0).granted()));
  }

  @Test
  void givenAConcurrencyLimit_whenMoreRequestsFit_itShouldGrantNoMoreThanTheLimitAtOnce(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client, 2, MasterTargetSlotsWorkflowImpl.HISTORY_LENGTH_LIMIT);

    request("vm-a", 1, worker);
    request("vm-b", 1, worker);
    request("vm-c", 1, worker);

    eventually(() -> assertEquals(1, slots().waiting().size()));
    assertEquals(Map.of("vm-a", 1, "vm-b", 1), slots().reserved());

    release("vm-a", false);
    eventually(() -> assertEquals(Map.of("vm-b", 1, "vm-c", 1), slots().reserved()));
    assertEquals(3, slots().used());
  }

  @Test
  void givenALongHistory_whenContinuingAsNew_itShouldCarryTheLedgerOver(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) {
    start(env, worker, client, 0, 40);
    capacity.readBack = false;
    request("vm-held", 50, worker);
    request("vm-waiting", 20, worker);
    capacity.attachedOnSite.put("", 3);

    for (int i = 0; i < 15; i++) {
      request("vm-" + i, 5, worker);
      release("vm-" + i, true);
    }

    eventually(
        () ->
            assertTrue(
                slots().waiting().stream().noneMatch(r -> r.replicatedItem().startsWith("vm-0"))));
    String id = MasterTargetSlotsWorkflow.workflowIdFor(MT);
    eventually(
        () -> {
          HistoryEvent first = client.fetchHistory(id).getEvents().get(0);
          assertNotEquals(
              "", first.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId());
        });
    eventually(() -> assertEquals(Map.of("vm-held", 50), slots().reserved()));

    assertEquals(
        List.of("vm-waiting"),
        slots().waiting().stream().map(SlotRequest::replicatedItem).toList());
    assertEquals(Map.of("", 3), slots().attachedOnSite());
    assertEquals(53, slots().used());

    release("vm-held", true);
    eventually(() -> assertEquals(Map.of("vm-waiting", 20), slots().reserved()));
    eventually(() -> assertTrue(grantsOf("vm-waiting").get(0).granted()));
    long continuedAsNew =
        client.fetchHistory(id).getEvents().stream()
            .filter(
                e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW)
            .count();
    assertEquals(0, continuedAsNew, "the latest run has not continued as new yet");
  }

  /**
   * Records the committed histories of a ledger that continued as new at its real event budget (run
   * with {@code -Drecord.histories=true}): the run that continued, and the reloaded run.
   */
  @Test
  @org.junit.jupiter.api.condition.EnabledIfSystemProperty(
      named = "record.histories",
      matches = "true")
  void recordContinuedAsNewHistories(
      TestWorkflowEnvironment env, Worker worker, WorkflowClient client) throws Exception {
    start(env, worker, client);
    capacity.readBack = false;
    capacity.attachedOnSite.put("", 3);
    request("vm-held", 50, worker);
    String id = MasterTargetSlotsWorkflow.workflowIdFor(MT);
    String firstRun = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
    for (int i = 0; i < 600; i++) {
      request("vm-" + (i % 20), 5, worker);
      release("vm-" + (i % 20), true);
    }
    // Past its budget it continues as new once a workflow task finds no signal pending.
    eventually(
        () ->
            assertNotEquals(
                firstRun, client.newUntypedWorkflowStub(id).describe().getExecution().getRunId()));
    String reloaded = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();
    request("vm-after", 5, worker);
    eventually(() -> assertTrue(slots().reserved().containsKey("vm-after")));
    java.nio.file.Files.writeString(
        java.nio.file.Path.of(
            "src/test/resources/histories/capacity/continued-as-new-mt-win-01.json"),
        client.fetchHistory(id, firstRun).toJson(true));
    java.nio.file.Files.writeString(
        java.nio.file.Path.of(
            "src/test/resources/histories/capacity/reloaded-after-continue-as-new-mt-win-01.json"),
        client.fetchHistory(id, reloaded).toJson(true));
  }
}
