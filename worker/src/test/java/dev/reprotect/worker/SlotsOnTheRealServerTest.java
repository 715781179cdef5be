package dev.reprotect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.simulated.SimulatedSite;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.ResetWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The master target's slots under what only the real server does (the CLI's dev server): an outside
 * client terminates a reprotection in SYNCHRONIZING, or resets one to its start. The product's
 * workflows and activities run on the simulated site; the ledger checks the truth every second and
 * a waiting requester asks again after two (five and ten minutes in production). In each case the
 * slots in use never pass 60 and end equal to the disks the site shows attached, disks left behind
 * are named with the fix, and starting the VM again attaches nothing twice.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class SlotsOnTheRealServerTest {

  static final String QUEUE = RealServer.QUEUE;

  private RealServer server;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private SimulatedSite site;
  private final AtomicInteger mostUsed = new AtomicInteger();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<Thread> watches = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = RealServer.start();
    stubs = server.stubs;
    client = server.client;
    site = SimulatedSite.loadSample(SimulatedSite.Options.defaults());
    server.startSimulatedWorker(site, (worker, activities) -> {});
  }

  @AfterEach
  void stop() throws InterruptedException {
    stop.set(true);
    for (Thread watch : watches) {
      watch.join();
    }
    if (server != null) {
      server.close();
    }
  }

  private void watch(String masterTarget) {
    Thread thread =
        new Thread(
            () -> {
              while (!stop.get()) {
                try {
                  mostUsed.accumulateAndGet(slots(masterTarget).used(), Math::max);
                } catch (RuntimeException notYet) {
                  // the ledger starts with the first request
                }
                try {
                  Thread.sleep(50);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    thread.start();
    watches.add(thread);
  }

  private void reprotect(String vm, String masterTarget, String datastore, String retention) {
    ReprotectWorkflow workflow =
        client.newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(ReprotectRequest.workflowIdFor(vm))
                .setTaskQueue(QUEUE)
                .build());
    WorkflowClient.start(
        workflow::reprotect,
        ReprotectRequest.of(vm, masterTarget, "ps-azure-01", datastore, retention));
  }

  private ReprotectState stateOf(String vm) {
    ReprotectStatus status =
        client
            .newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor(vm))
            .status();
    return status == null ? null : status.state();
  }

  private SlotsView slots(String masterTarget) {
    return client
        .newWorkflowStub(
            MasterTargetSlotsWorkflow.class, MasterTargetSlotsWorkflow.workflowIdFor(masterTarget))
        .slots();
  }

  private int attachedOnSite(String masterTarget) {
    return site.masterTarget(masterTarget).orElseThrow().attachedDisks().size();
  }

  private static void within(Duration bound, String what, BooleanSupplier check)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (true) {
      try {
        if (check.getAsBoolean()) {
          return;
        }
      } catch (RuntimeException notYet) {
        // e.g. a query while a workflow task is in flight
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      Thread.sleep(250);
    }
  }

  @Test
  void
      givenAReprotectionTerminatedWhileSynchronizing_whenTheLedgerReconciles_itsDisksAreHeldOnceNamedAndAStartAgainResumes()
          throws Exception {
    watch("mt-win-01");
    int before = attachedOnSite("mt-win-01");
    reprotect("vm-web-01", "mt-win-01", "vmfs-01", "R:");
    within(
        Duration.ofSeconds(60),
        "vm-web-01 synchronizing",
        () -> stateOf("vm-web-01") == ReprotectState.SYNCHRONIZING);

    client
        .newUntypedWorkflowStub(ReprotectRequest.workflowIdFor("vm-web-01"))
        .terminate("an SRE's outside client");

    within(
        Duration.ofSeconds(30),
        "vm-web-01 named as left behind",
        () -> slots("mt-win-01").leftBehind().containsKey("vm-web-01"));
    SlotsView after = slots("mt-win-01");
    assertTrue(after.reserved().isEmpty(), after.toString());
    assertEquals(attachedOnSite("mt-win-01"), after.used(), "slots equal the disks still attached");
    assertEquals(before + 2, after.used(), "vm-web-01's 2 disks counted once");
    assertTrue(
        after.leftBehind().get("vm-web-01").contains("start vm-web-01 again to resume"),
        after.leftBehind().toString());

    reprotect("vm-web-01", "mt-win-01", "vmfs-01", "R:");
    within(
        Duration.ofSeconds(120),
        "vm-web-01 protected",
        () -> stateOf("vm-web-01") == ReprotectState.PROTECTED);
    assertEquals(1, site.sideEffects("vm-web-01").diskAttaches(), "nothing attached twice");
    within(
        Duration.ofSeconds(30),
        "no longer named",
        () -> !slots("mt-win-01").leftBehind().containsKey("vm-web-01"));
    within(
        Duration.ofSeconds(30),
        "reservation committed",
        () -> slots("mt-win-01").reserved().isEmpty());
    assertEquals(attachedOnSite("mt-win-01"), slots("mt-win-01").used());
    assertTrue(mostUsed.get() <= 60, "slots in use peaked at " + mostUsed.get());
  }

  @Test
  void
      givenAReprotectionResetToItsStart_whenTheNewRunAsksAgain_itShouldIgnoreTheOldGrantAndEndProtectedAttachingOnce()
          throws Exception {
    watch("mt-lnx-01");
    String id = ReprotectRequest.workflowIdFor("vm-db-01");
    reprotect("vm-db-01", "mt-lnx-01", "vsan-01", "/mnt/retention");
    within(
        Duration.ofSeconds(60),
        "vm-db-01 synchronizing",
        () -> stateOf("vm-db-01") == ReprotectState.SYNCHRONIZING);
    String firstRun = client.newUntypedWorkflowStub(id).describe().getExecution().getRunId();

    // Reset to the end of the first workflow task: the new run does everything again, and the
    // server re-applies the old run's grant signal to it (an answer to another request).
    stubs
        .blockingStub()
        .resetWorkflowExecution(
            ResetWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setWorkflowExecution(
                    WorkflowExecution.newBuilder().setWorkflowId(id).setRunId(firstRun).build())
                .setWorkflowTaskFinishEventId(4)
                .setReason("an SRE's reset")
                .setRequestId(UUID.randomUUID().toString())
                .build());

    within(
        Duration.ofSeconds(120),
        "the reset run protected",
        () ->
            !firstRun.equals(client.newUntypedWorkflowStub(id).describe().getExecution().getRunId())
                && client.newUntypedWorkflowStub(id).describe().getStatus()
                    == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
    assertEquals(ReprotectState.PROTECTED, stateOf("vm-db-01"));
    assertEquals(1, site.sideEffects("vm-db-01").diskAttaches(), "nothing attached twice");
    within(
        Duration.ofSeconds(30),
        "no reservation left",
        () -> slots("mt-lnx-01").reserved().isEmpty());
    assertEquals(attachedOnSite("mt-lnx-01"), slots("mt-lnx-01").used());
    assertTrue(
        slots("mt-lnx-01").leftBehind().isEmpty(), slots("mt-lnx-01").leftBehind().toString());
    assertTrue(mostUsed.get() <= 60, "slots in use peaked at " + mostUsed.get());
  }
}
