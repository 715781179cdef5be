package dev.reprotect.worker.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.activities.ActivityImplementations;
import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.CapacityActivitiesImpl;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.plan.MachineState;
import dev.reprotect.plan.PlanActivities;
import dev.reprotect.plan.PlanActivitiesImpl;
import dev.reprotect.plan.PlanOptions;
import dev.reprotect.plan.PlanPreflightActivities;
import dev.reprotect.plan.PlanPreflightActivitiesImpl;
import dev.reprotect.plan.PlanPreflightWorkflowImpl;
import dev.reprotect.plan.PlanState;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.plan.RecoveryPlanWorkflow;
import dev.reprotect.plan.RecoveryPlanWorkflowImpl;
import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.PreflightWorkflowImpl;
import dev.reprotect.reprotect.ReprotectActivities;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.worker.WindowsInventory;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * R1: a 100-machine recovery plan with 30% transient faults injected into every activity type, half
 * of them after the activity's work (its effect done, its result lost), over the REAL workflows and
 * the REAL activities on a simulated site. Every machine ends protected, no VM is powered off,
 * attached or started twice, and every history replays without non-determinism.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ChaosPlanTest {

  static final int MACHINES = 100;
  static final int MASTER_TARGETS = 4; // 25 one-disk machines each, well under 60 disks
  static final double FAULT_PROBABILITY = 0.3;
  static final String QUEUE = "reprotect-chaos";
  static final ActivitySettings FAST =
      new ActivitySettings(Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofMillis(20));

  private TestWorkflowEnvironment env;
  private SimulatedSite site;
  private FaultPlan faults;

  @BeforeEach
  void setUp() {
    site =
        SimulatedSite.load(
            new ByteArrayInputStream(inventory().getBytes(StandardCharsets.UTF_8)),
            "chaos-100",
            SimulatedSite.Options.defaults().withTimeScale(0.0005)); // a 20-minute sync lasts 0.6 s
    // 30% of the attempts of every activity type fail before their work, and 30% of the rest after
    // it.
    faults =
        new FaultPlan(
            42,
            List.of(
                new FaultRule(
                    Set.of(),
                    null,
                    FaultMode.TRANSIENT,
                    FaultRule.When.BEFORE,
                    FAULT_PROBABILITY,
                    0,
                    null),
                new FaultRule(
                    Set.of(),
                    null,
                    FaultMode.TRANSIENT,
                    FaultRule.When.AFTER,
                    FAULT_PROBABILITY,
                    0,
                    null)));
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new ChaosInterceptor(faults))
                        .build())
                .build());
    WorkflowClient client = env.getWorkflowClient();
    Worker worker = env.newWorker(QUEUE);
    worker.registerWorkflowImplementationTypes(
        compressedRetries(),
        ReprotectWorkflowImpl.class,
        RecoveryPlanWorkflowImpl.class,
        MasterTargetSlotsWorkflowImpl.class);
    worker.registerWorkflowImplementationTypes(
        PreflightWorkflowImpl.class, PlanPreflightWorkflowImpl.class);
    List<Object> activities =
        new ArrayList<>(ActivityImplementations.create(site, site, FAST).all());
    activities.add(new PlanPreflightActivitiesImpl(site, site));
    activities.add(new PlanActivitiesImpl(client));
    activities.add(new CapacityActivitiesImpl(client, QUEUE, site, 0));
    worker.registerActivitiesImplementations(activities.toArray());
    env.start();
  }

  /**
   * The production retry schedules (1 to 10 s at first, doubling up to 30 s to 5 minutes), each
   * replaced by 100 ms doubling up to 2 s: the same time compression as the site's time scale. At
   * 51% faulted attempts the production schedules spend minutes of real time in backoff (the
   * in-memory server skips time only while nothing runs, and with 100 machines something always
   * does), which proves nothing more than the compressed ones. Only the intervals change: every
   * step still retries without a limit of attempts within its production timeouts, as in
   * production.
   */
  static WorkflowImplementationOptions compressedRetries() {
    RetryOptions fast =
        RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofMillis(100))
            .setBackoffCoefficient(2.0)
            .setMaximumInterval(Duration.ofSeconds(2))
            .build();
    Map<String, ActivityOptions> activities = new TreeMap<>();
    Map<String, LocalActivityOptions> localActivities = new TreeMap<>();
    for (Class<?> type :
        List.of(
            PreflightActivities.class,
            ReprotectActivities.class,
            CapacityActivities.class,
            PlanActivities.class,
            PlanPreflightActivities.class)) {
      for (var method : POJOActivityInterfaceMetadata.newInstance(type).getMethodsMetadata()) {
        String name = method.getActivityTypeName();
        activities.put(name, ActivityOptions.newBuilder().setRetryOptions(fast).build());
        localActivities.put(name, LocalActivityOptions.newBuilder().setRetryOptions(fast).build());
      }
    }
    return WorkflowImplementationOptions.newBuilder()
        .setActivityOptions(activities)
        .setLocalActivityOptions(localActivities)
        .build();
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void
      givenThirtyPercentTransientFaultsInEveryStep_whenAHundredMachinePlanRuns_everyMachineIsProtectedAndNoEffectIsDoneTwice()
          throws Exception {
    long started = System.nanoTime();
    List<ReprotectRequest> machines = new ArrayList<>();
    for (int i = 0; i < MACHINES; i++) {
      machines.add(
          ReprotectRequest.of(vm(i), mt(i % MASTER_TARGETS), "ps-azure-01", "vmfs-01", "R:"));
    }
    RecoveryPlanRequest request =
        new RecoveryPlanRequest("rp-chaos", machines, new PlanOptions(MACHINES, 0), null);
    RecoveryPlanWorkflow plan =
        env.getWorkflowClient()
            .newWorkflowStub(
                RecoveryPlanWorkflow.class,
                WorkflowOptions.newBuilder()
                    .setTaskQueue(QUEUE)
                    .setWorkflowId(request.workflowId())
                    .build());

    PlanStatus status = plan.reprotect(request);

    assertEquals(
        PlanState.PROTECTED,
        status.state(),
        () -> status.state() + " " + status.counts() + " " + status.error());
    long protectedMachines =
        status.machines().stream().filter(m -> m.state() == MachineState.PROTECTED).count();
    assertEquals(MACHINES, protectedMachines, status.counts()::toString);

    Map<String, Integer> totals = new TreeMap<>();
    for (int i = 0; i < MACHINES; i++) {
      SideEffects e = site.sideEffects(vm(i));
      assertEquals(1, e.powerOffs(), () -> "power-offs of " + e);
      assertEquals(1, e.snapshotMerges(), () -> "merges of " + e);
      assertEquals(1, e.diskAttaches(), () -> "attaches of " + e);
      assertEquals(1, e.replicationStarts(), () -> "replication starts of " + e);
      assertEquals(0, e.diskDetaches() + e.replicationStops() + e.vmCreations(), e::toString);
      totals.merge("powerOffs", e.powerOffs(), Integer::sum);
      totals.merge("snapshotMerges", e.snapshotMerges(), Integer::sum);
      totals.merge("diskAttaches", e.diskAttaches(), Integer::sum);
      totals.merge("replicationStarts", e.replicationStarts(), Integer::sum);
    }

    // Every history: the plan's runs, each machine, each master target's slots workflow.
    WorkflowClient client = env.getWorkflowClient();
    Set<String> ids = new LinkedHashSet<>();
    ids.add(request.workflowId());
    machines.forEach(m -> ids.add(m.workflowId()));
    for (int i = 0; i < MASTER_TARGETS; i++) {
      ids.add(MasterTargetSlotsWorkflow.workflowIdFor(mt(i)));
    }
    int replayed = 0;
    for (String id : ids) {
      WorkflowExecutionHistory history = client.fetchHistory(id);
      WorkflowReplayer.replayWorkflowExecution(
          history,
          ReprotectWorkflowImpl.class,
          RecoveryPlanWorkflowImpl.class,
          MasterTargetSlotsWorkflowImpl.class);
      replayed++;
      // A plan that continued as new: replay its earlier runs too.
      replayed += replayEarlierRuns(client, id, history);
    }

    int injected = faults.injected();
    assertTrue(injected > 100, "faults injected: " + injected);
    System.out.printf(
        "R1 chaos: %d faults injected %s; %d/%d machines protected; side effects %s (per VM 1 each);"
            + " %d histories replayed; %.1f s%n",
        injected,
        faults.injectedByActivity(),
        protectedMachines,
        MACHINES,
        totals,
        replayed,
        (System.nanoTime() - started) / 1e9);
  }

  private static int replayEarlierRuns(
      WorkflowClient client, String id, WorkflowExecutionHistory history) throws Exception {
    int replayed = 0;
    var first = history.getEvents().get(0);
    String previous =
        first.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
            ? first.getWorkflowExecutionStartedEventAttributes().getContinuedExecutionRunId()
            : "";
    while (!previous.isEmpty()) {
      WorkflowExecutionHistory earlier = client.fetchHistory(id, previous);
      WorkflowReplayer.replayWorkflowExecution(earlier, RecoveryPlanWorkflowImpl.class);
      replayed++;
      previous =
          earlier
              .getEvents()
              .get(0)
              .getWorkflowExecutionStartedEventAttributes()
              .getContinuedExecutionRunId();
    }
    return replayed;
  }

  static String vm(int i) {
    return String.format("vm-chaos-%03d", i);
  }

  static String mt(int i) {
    return "mt-chaos-" + i;
  }

  /** 100 powered-on Windows VMs with one snapshot and one disk each, over four master targets. */
  static String inventory() {
    List<String> vms = new ArrayList<>();
    for (int i = 0; i < MACHINES; i++) {
      vms.add(vm(i));
    }
    List<String> masterTargets = new ArrayList<>();
    for (int i = 0; i < MASTER_TARGETS; i++) {
      masterTargets.add(mt(i));
    }
    return WindowsInventory.of("rp-chaos", vms, masterTargets, vm -> "20m");
  }
}
