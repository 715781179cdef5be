package dev.reprotect.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.CapacityActivitiesImpl;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.capacity.SlotRequest;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.testing.Activities;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Placement counts the slots a running reprotection reserved in the master target's slots workflow:
 * a real reservation on Temporal's test environment, read back by {@link LedgerHeldSlots}.
 */
@Timeout(60)
class LedgerHeldSlotsTest {

  private static final String QUEUE = "placement-ledger-test";

  /** Stands in for a running reprotection that holds its grant. */
  public static class Running implements ReprotectWorkflow {
    @Override
    public ReprotectStatus reprotect(ReprotectRequest request) {
      Workflow.await(() -> false);
      return null;
    }

    @Override
    public ReprotectStatus status() {
      return null;
    }

    @Override
    public void slotsGranted(SlotGrant grant) {}
  }

  private TestWorkflowEnvironment env;
  private TestActivityEnvironment activityEnv;
  private WorkflowClient client;
  private SimulatedSite site;

  @BeforeEach
  void setUp() {
    site = SimulatedSite.loadSample(SimulatedSite.Options.defaults());
    env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(MasterTargetSlotsWorkflowImpl.class, Running.class);
    // The ledger reconciles with the site through the same activities.
    worker.registerActivitiesImplementations(
        new CapacityActivitiesImpl(env.getWorkflowClient(), QUEUE, site));
    env.start();
    client = env.getWorkflowClient();
    activityEnv = TestActivityEnvironment.newInstance();
    activityEnv.registerActivitiesImplementations(new CapacityActivitiesImpl(client, QUEUE, site));
  }

  @AfterEach
  void tearDown() {
    activityEnv.close();
    env.close();
  }

  /** vm-web-01's reprotection (running) reserves 30 slots on mt-win-01. */
  private void reserve(int disks) {
    ReprotectWorkflow requester =
        client.newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId("requester-vm-web-01")
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(
        requester::reprotect,
        ReprotectRequest.of("vm-web-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:"));
    Activities.stub(activityEnv, CapacityActivities.class)
        .requestSlots(
            new SlotRequest("mt-win-01", "vm-web-01", disks, "requester-vm-web-01", Map.of()));
  }

  @Test
  void givenSlotsReservedByARunningReprotection_whenPlacing_itShouldCountThemAndNameTheSlotsToFree()
      throws Exception {
    reserve(30);
    LedgerHeldSlots ledger = new LedgerHeldSlots(client);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (!ledger.reserved("mt-win-01").equals(Map.of("vm-web-01", 30))) {
      assertTrue(
          System.nanoTime() < deadline, "reservation not seen: " + ledger.reserved("mt-win-01"));
      Thread.sleep(20);
    }
    assertEquals(Map.of(), ledger.reserved("mt-lnx-01"), "no slots workflow: nothing reserved");

    RecoveryPlanRequest plan =
        new RecoveryPlanRequest(
            "rp-fileservers",
            List.of(
                new ReprotectRequest(
                    "vm-fs-01", null, null, null, null, null, null, false, "rp-fileservers")),
            null,
            null);
    Placement placement = new PlacementActivitiesImpl(site, site, ledger).propose(plan);

    assertFalse(placement.placed());
    Violation v = placement.violations().get(0);
    assertEquals(Rule.MT_DISK_LIMIT, v.rule());
    assertEquals("vm-fs-01", v.replicatedItem());
    assertTrue(
        v.fix()
            .endsWith(
                "or free 2 disk slots on mt-win-01 (30 are held by machines outside the plan)"),
        v.fix());
    assertEquals(
        30,
        placement.masterTargets().stream()
            .filter(t -> t.name().equals("mt-win-01"))
            .findFirst()
            .orElseThrow()
            .disksHeld());
  }
}
