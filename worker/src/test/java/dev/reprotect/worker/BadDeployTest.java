package dev.reprotect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.capacity.SlotRequest;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.preflight.Validation;
import dev.reprotect.reprotect.AttachDisksRequest;
import dev.reprotect.reprotect.DetachDisksRequest;
import dev.reprotect.reprotect.MergeSnapshotsRequest;
import dev.reprotect.reprotect.PowerOffRequest;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectActivities;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.StartReplicationRequest;
import dev.reprotect.reprotect.StepResult;
import dev.reprotect.reprotect.StopReplicationRequest;
import dev.reprotect.reprotect.SynchronizeRequest;
import dev.reprotect.reprotect.WaitForAgentRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deploy whose workflow code cannot replay open histories, on Temporal's real server (the CLI's
 * dev server): the open reprotections block (their workflow tasks retry) instead of failing, the
 * stuck check counts them, and rolling back to the good build lets every one of them complete
 * PROTECTED with nothing compensated. The worker here registers the product's workflows exactly as
 * {@link ReprotectWorker} does; the activities are stand-ins (simulated, in this test).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class BadDeployTest {

  static final String QUEUE = RealServer.QUEUE;
  static final List<String> VMS = List.of("vm-a", "vm-b", "vm-c");

  private RealServer server;
  private WorkflowServiceStubs stubs;
  private WorkflowClient client;
  private WorkerFactory running;
  private final AtomicBoolean synchronized_ = new AtomicBoolean();
  private final AtomicInteger compensations = new AtomicInteger();

  @AfterEach
  void stop() {
    if (running != null) {
      running.shutdownNow();
    }
    if (server != null) {
      server.close();
    }
  }

  /** The steps succeed; SYNCHRONIZE heartbeats until the test lets it finish. */
  final class SiteSteps implements ReprotectActivities, PreflightActivities {
    @Override
    public PreflightReport preflight(ReprotectRequest request) {
      throw new UnsupportedOperationException("not a step of reprotect");
    }

    @Override
    public Validation validate(ReprotectRequest request) {
      return new Validation(
          new ResolvedTarget(
              request.replicatedItem(),
              RecoveryLocation.ORIGINAL,
              OsType.WINDOWS,
              List.of("disk-0", "disk-1"),
              null,
              "R:"),
          List.of(),
          1);
    }

    @Override
    public StepResult waitForAgent(WaitForAgentRequest request) {
      return new StepResult("registered", 1);
    }

    @Override
    public StepResult mergeSnapshots(MergeSnapshotsRequest request) {
      return new StepResult("merged", 1);
    }

    @Override
    public StepResult powerOff(PowerOffRequest request) {
      return new StepResult("off", 1);
    }

    @Override
    public StepResult attachDisks(AttachDisksRequest request) {
      return new StepResult("attached 2 disks", 1);
    }

    @Override
    public StepResult startReplication(StartReplicationRequest request) {
      return new StepResult("started", 1);
    }

    @Override
    public StepResult synchronize(SynchronizeRequest request) {
      while (!synchronized_.get()) {
        Activity.getExecutionContext().heartbeat(null);
        try {
          Thread.sleep(200);
        } catch (InterruptedException stopped) {
          Thread.currentThread().interrupt();
          throw Activity.wrap(stopped);
        }
      }
      return new StepResult("protected", 1);
    }

    @Override
    public StepResult detachDisks(DetachDisksRequest request) {
      compensations.incrementAndGet();
      return new StepResult("detached", 1);
    }

    @Override
    public StepResult stopReplication(StopReplicationRequest request) {
      compensations.incrementAndGet();
      return new StepResult("stopped", 1);
    }
  }

  /** Slots granted at once (the ledger is not what this test is about). */
  final class GrantAtOnce implements CapacityActivities {
    @Override
    public SlotsView requestSlots(SlotRequest request) {
      client
          .newWorkflowStub(ReprotectWorkflow.class, request.requesterWorkflowId())
          .slotsGranted(
              new SlotGrant(
                  request.masterTarget(),
                  true,
                  request.disks(),
                  request.disks(),
                  60,
                  "granted",
                  request.nonce()));
      return null;
    }
  }

  /** The bad build: the runbook's first step changed without Workflow.getVersion. */
  public static class NonDeterministicReprotect implements ReprotectWorkflow {
    private final ReprotectActivities steps =
        Workflow.newActivityStub(
            ReprotectActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public ReprotectStatus reprotect(ReprotectRequest request) {
      steps.powerOff(new PowerOffRequest(request.replicatedItem(), request.replicatedItem()));
      return null;
    }

    @Override
    public ReprotectStatus status() {
      return null;
    }

    @Override
    public void slotsGranted(SlotGrant grant) {}
  }

  private WorkerFactory deploy(boolean good) {
    WorkerFactory factory = WorkerFactory.newInstance(client);
    Worker worker = factory.newWorker(QUEUE);
    if (good) {
      ReprotectWorker.registerWorkflows(worker);
    } else {
      // Registered as the product registers its workflows.
      worker.registerWorkflowImplementationTypes(
          ReprotectWorker.workflowOptions(), NonDeterministicReprotect.class);
    }
    SiteSteps site = new SiteSteps();
    worker.registerActivitiesImplementations(site, new GrantAtOnce());
    factory.start();
    return factory;
  }

  private void undeploy() {
    running.shutdownNow();
    running.awaitTermination(10, TimeUnit.SECONDS);
    running = null;
  }

  private WorkflowExecutionStatus statusOf(String vm) {
    return client.newUntypedWorkflowStub(ReprotectRequest.workflowIdFor(vm)).describe().getStatus();
  }

  private ReprotectState stateOf(String vm) {
    ReprotectStatus status =
        client
            .newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor(vm))
            .status();
    return status == null ? null : status.state();
  }

  private static void within(Duration bound, String what, BooleanSupplier check)
      throws InterruptedException {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!check.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + bound + ": " + what);
      }
      Thread.sleep(250);
    }
  }

  @Test
  void
      givenOpenReprotections_whenANonDeterministicBuildIsDeployedThenRolledBack_itShouldBlockThenCompleteWithNothingCompensated()
          throws Exception {
    server = RealServer.start();
    stubs = server.stubs;
    client = server.client;
    StuckWorkflows stuck = new StuckWorkflows(stubs, "default", QUEUE);

    running = deploy(true);
    for (String vm : VMS) {
      ReprotectWorkflow workflow =
          client.newWorkflowStub(
              ReprotectWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(ReprotectRequest.workflowIdFor(vm))
                  .setTaskQueue(QUEUE)
                  .build());
      WorkflowClient.start(
          workflow::reprotect,
          ReprotectRequest.of(vm, "mt-win-01", "ps-azure-01", "vmfs-01", "R:"));
    }
    for (String vm : VMS) {
      within(
          Duration.ofSeconds(60),
          vm + " synchronizing",
          () -> stateOf(vm) == ReprotectState.SYNCHRONIZING);
    }
    assertEquals(0, stuck.check().count());

    // The bad deploy: the good build stops, the bad one polls. Synchronization ends meanwhile, so
    // each reprotection needs a workflow task, which the bad build cannot replay.
    undeploy();
    synchronized_.set(true);
    running = deploy(false);

    within(
        Duration.ofSeconds(90),
        "every reprotection stuck",
        () -> stuck.check().count() == VMS.size());
    for (String vm : VMS) {
      assertEquals(
          WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING,
          statusOf(vm),
          vm + " blocks, not fails");
    }
    StuckWorkflows.Report report = stuck.check();
    assertTrue(
        report.named().stream()
            .anyMatch(n -> n.startsWith("reprotect-vm-a (workflow task attempt ")),
        report.named().toString());
    // What an SRE sees: the gauge and /health's detail.
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TemporalSettings settings =
        new TemporalSettings("127.0.0.1:" + server.port, "default", QUEUE, false);
    StuckWorkflowsMonitor monitor = new StuckWorkflowsMonitor(stubs, settings, registry);
    assertTrue(
        Double.isNaN(registry.get(StuckWorkflowsMonitor.GAUGE).gauge().value()),
        "unknown before a check");
    monitor.check();
    assertEquals(VMS.size(), registry.get(StuckWorkflowsMonitor.GAUGE).gauge().value());
    Map<String, Object> health =
        new TemporalHealthIndicator(stubs, settings, null, "", monitor).getHealthInformation();
    @SuppressWarnings("unchecked")
    Map<String, Object> stuckDetail = (Map<String, Object>) health.get("stuckWorkflows");
    assertEquals(VMS.size(), stuckDetail.get("count"));
    assertTrue(
        String.valueOf(stuckDetail.get("fix")).contains("roll it back"), stuckDetail.toString());

    // The rollback: every reprotection resumes where it stood and ends PROTECTED; nothing is
    // undone.
    undeploy();
    running = deploy(true);
    for (String vm : VMS) {
      within(
          Duration.ofSeconds(120),
          vm + " completed",
          () -> statusOf(vm) == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
      assertEquals(ReprotectState.PROTECTED, stateOf(vm), vm);
    }
    assertEquals(0, compensations.get(), "nothing compensated");
    assertEquals(0, stuck.check().count());
    monitor.check();
    assertEquals(0.0, registry.get(StuckWorkflowsMonitor.GAUGE).gauge().value());
  }
}
