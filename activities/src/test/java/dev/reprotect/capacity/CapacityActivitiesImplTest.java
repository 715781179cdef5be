package dev.reprotect.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.rules.Rule;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.simulated.SiteFaults;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.testing.Activities;
import dev.reprotect.testing.Eventually;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * RequestSlots over the sample site: a real signal-with-start of the master target's slots workflow
 * on Temporal's test environment, with the disks the site shows attached.
 */
@Timeout(60)
class CapacityActivitiesImplTest {

  private static final String QUEUE = "capacity-test";
  private static final String MT = "mt-win-01";

  private TestWorkflowEnvironment env;
  private TestActivityEnvironment activityEnv;
  private WorkflowClient client;
  private SimulatedSite site;

  @BeforeEach
  void setUp() {
    RecordingRequester.GRANTS.clear();
    site = SimulatedSite.loadSample(SimulatedSite.Options.defaults());
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        MasterTargetSlotsWorkflowImpl.class, RecordingRequester.class);
    // The ledger reconciles with the site through the same activities.
    worker.registerActivitiesImplementations(
        new CapacityActivitiesImpl(env.getWorkflowClient(), QUEUE, site));
    env.start();
    client = env.getWorkflowClient();
    activityEnv = TestActivityEnvironment.newInstance();
  }

  @AfterEach
  void tearDown() {
    activityEnv.close();
    env.close();
  }

  private CapacityActivities activities(int maxConcurrent) {
    activityEnv.registerActivitiesImplementations(
        new CapacityActivitiesImpl(client, QUEUE, site, maxConcurrent));
    return Activities.stub(activityEnv, CapacityActivities.class);
  }

  private SlotRequest requestFor(String item, int disks) {
    String requester = "requester-" + item;
    ReprotectWorkflow workflow =
        client.newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(requester).setTaskQueue(QUEUE).build());
    WorkflowClient.start(
        workflow::reprotect, ReprotectRequest.of(item, MT, "ps-azure-01", "vmfs-01", "R:"));
    return new SlotRequest(MT, item, disks, requester, Map.of());
  }

  private SlotsView slots() {
    return client
        .newWorkflowStub(
            MasterTargetSlotsWorkflow.class, MasterTargetSlotsWorkflow.workflowIdFor(MT))
        .slots();
  }

  private void attachOnSite(String item, int count) {
    List<VirtualDisk> disks = new java.util.ArrayList<>();
    for (int i = 0; i < count; i++) {
      disks.add(new VirtualDisk(item + "_disk" + i, item + "-uuid-" + i, "vmfs-01", 1L << 30));
    }
    site.attachDisks(MT, item, disks);
  }

  private static void eventually(Runnable check) {
    Eventually.eventually(Duration.ofSeconds(10), check);
  }

  @Test
  void
      givenDisksAlreadyAttachedOnTheSite_whenRequesting_itShouldStartTheSlotsWorkflowCountingThemAndGrant() {
    attachOnSite("vm-other", 3);
    CapacityActivities capacity = activities(0);

    capacity.requestSlots(requestFor("vm-web-01", 2));

    eventually(() -> assertEquals(Map.of("vm-web-01", 2), slots().reserved()));
    SlotsView view = slots();
    assertEquals(Map.of("vm-other", 3), view.attachedOnSite());
    assertEquals(5, view.used());
    assertEquals(SlotsLedger.MASTER_TARGET_DISK_LIMIT, view.capacity());
    eventually(
        () -> assertTrue(RecordingRequester.GRANTS.get("requester-vm-web-01").get(0).granted()));
  }

  @Test
  void
      givenARepeatedRequest_whenSignalledAgain_itShouldReuseTheRunningSlotsWorkflowAndReserveOnce() {
    CapacityActivities capacity = activities(0);
    SlotRequest request = requestFor("vm-web-01", 2);

    capacity.requestSlots(request);
    // The repeat comes once the first is granted (one arriving while it waits only keeps its
    // place).
    eventually(
        () ->
            assertEquals(
                1,
                RecordingRequester.GRANTS.getOrDefault("requester-vm-web-01", List.of()).size()));
    SlotsView second = capacity.requestSlots(request);

    eventually(() -> assertEquals(2, RecordingRequester.GRANTS.get("requester-vm-web-01").size()));
    assertEquals(Map.of("vm-web-01", 2), slots().reserved());
    assertEquals(2, slots().used());
    assertTrue(second == null || second.waiting().isEmpty());
  }

  @Test
  void givenMoreDisksThanTheSiteLeavesFree_whenRequesting_itShouldBeDeniedWithTheNumbers() {
    attachOnSite("vm-other", 59);
    CapacityActivities capacity = activities(0);

    capacity.requestSlots(requestFor("vm-web-01", 2));

    eventually(
        () -> assertFalse(RecordingRequester.GRANTS.get("requester-vm-web-01").get(0).granted()));
    String reason = RecordingRequester.GRANTS.get("requester-vm-web-01").get(0).reason();
    assertTrue(reason.contains("59 of its 60"), reason);
  }

  @Test
  void
      givenAConcurrencyLimitOfOne_whenTwoVmsRequest_itShouldStartTheSlotsWorkflowWithItAndQueueTheSecond() {
    CapacityActivities capacity = activities(1);

    capacity.requestSlots(requestFor("vm-web-01", 2));
    capacity.requestSlots(requestFor("vm-old-01", 1));

    eventually(() -> assertEquals(1, slots().waiting().size()));
    assertEquals(Map.of("vm-web-01", 2), slots().reserved());
    assertEquals("vm-old-01", slots().waiting().get(0).replicatedItem());
  }

  @Test
  void givenVCenterDisconnected_whenRequesting_itShouldFailRetryablyByVCenterDisconnected() {
    SiteFaults.of(site).disconnectVCenter("vc-01");
    CapacityActivities capacity = activities(0);
    SlotRequest request = requestFor("vm-web-01", 2);

    ApplicationFailure failure = Activities.failure(() -> capacity.requestSlots(request));

    assertEquals(Rule.VCENTER_DISCONNECTED.name(), failure.getType());
    assertFalse(failure.isNonRetryable());
  }

  @Test
  void givenAnUnknownMasterTarget_whenRequesting_itShouldFailWithoutRetry() {
    CapacityActivities capacity = activities(0);

    ApplicationFailure failure =
        Activities.failure(
            () ->
                capacity.requestSlots(
                    new SlotRequest(
                        "mt-nowhere", "vm-web-01", 2, "requester-vm-web-01", Map.of())));

    assertEquals("MASTER_TARGET_NOT_FOUND", failure.getType());
    assertTrue(failure.isNonRetryable());
  }

  @Test
  void givenANegativeConcurrencyLimit_whenConstructed_itShouldRefuse() {
    assertThrows(
        IllegalArgumentException.class, () -> new CapacityActivitiesImpl(client, QUEUE, site, -1));
  }
}
