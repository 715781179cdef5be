package dev.reprotect.bench;

import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.watch.ProtectionActivitiesImpl;
import dev.reprotect.watch.ProtectionReading;
import dev.reprotect.watch.ProtectionReadings;
import dev.reprotect.watch.ProtectionWatchWorkflow;
import dev.reprotect.watch.ProtectionWatchWorkflowImpl;
import dev.reprotect.watch.WatchRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;

/**
 * P8: one protection-watch sweep over {@code machines} protected VMs, on the embedded default's
 * server (in memory, real gRPC) over the simulated site: the wall time of a sweep and the history
 * events (and bytes) it adds. Ours is the real watch (ProtectionWatchWorkflowImpl, CheckProtection
 * over the simulated site, metrics). Bare Temporal is the same shape without us: a workflow that
 * calls one activity returning the same readings and sleeps. The watch runs {@link #SWEEPS} sweeps
 * 1 ms apart and continues as new; a sweep's time is that run's time over its sweeps (from the
 * start, so the first workflow task is included), the faster of two runs after a warm-up.
 */
final class WatchSweep {

  static final int SWEEPS = 10;
  static final Duration APART = Duration.ofMillis(1);

  private WatchSweep() {}

  static Row run(int machines) {
    // Warm-up, both sides, so that neither pays the JIT of the other: a tenth of the machines.
    int few = Math.max(1, machines / 10);
    ours(protectedSite(few), few);
    bare(readingsOf(protectedSite(few)));
    // Then each twice, alternating, and the faster of its two: a loaded machine's noise is larger
    // than the difference at this size.
    SimulatedSite site = protectedSite(machines);
    List<ProtectionReading> readings = readingsOf(site);
    Sweep bare = bare(readings);
    Sweep ours = ours(site, machines);
    bare = faster(bare, bare(readings));
    ours = faster(ours, ours(site, machines));
    boolean met = ours.seconds <= 5 && ours.eventsPerSweep <= 15;
    return Row.of(
            "P8",
            Stats.f(
                "watch: one sweep over %,d protected VMs: time, history events and bytes",
                machines),
            Stats.f(
                "%.2f s, %.0f events, %,d B",
                ours.seconds, ours.eventsPerSweep, ours.bytesPerSweep),
            Stats.f(
                "%.2f s, %.0f events, %,d B",
                bare.seconds, bare.eventsPerSweep, bare.bytesPerSweep),
            ours.seconds / bare.seconds,
            "<= 5 s and <= 15 events a sweep",
            met)
        .with("machines", machines)
        .with("sweeps", SWEEPS)
        .with("oursSecondsPerSweep", Stats.round(ours.seconds, 3))
        .with("oursEventsPerSweep", ours.eventsPerSweep)
        .with("oursHistoryBytesPerSweep", ours.bytesPerSweep)
        .with("oursEventsPerVmCheck", Stats.round(ours.eventsPerSweep / machines, 4))
        .with("bareSecondsPerSweep", Stats.round(bare.seconds, 3))
        .with("bareEventsPerSweep", bare.eventsPerSweep);
  }

  /** What the check reads of the site, read once: the bare sweep returns it every time. */
  static List<ProtectionReading> readingsOf(SimulatedSite site) {
    return site.protectedReplications().stream()
        .map(
            r ->
                new ProtectionReading(
                    r.replicatedItem(),
                    r.recoveryPlan(),
                    r.rpoSeconds(),
                    r.health(),
                    r.healthErrors(),
                    r.lastRecoveryPoint(),
                    java.time.Instant.now()))
        .toList();
  }

  record Sweep(double seconds, double eventsPerSweep, long bytesPerSweep) {}

  static Sweep faster(Sweep a, Sweep b) {
    return a.seconds <= b.seconds ? a : b;
  }

  /** {@code machines} VMs, every one reprotected and protected (the sync takes no site time). */
  static SimulatedSite protectedSite(int machines) {
    SimulatedSite site = Inventories.instant(machines);
    for (int i = 0; i < machines; i++) {
      site.startReplication(
          new ReplicationSpec(
              Inventories.vm(i),
              Inventories.masterTargetOf(i, machines),
              "ps-azure-01",
              "vmfs-01",
              "R:",
              FailbackPolicy.FIXED));
    }
    return site;
  }

  static Sweep ours(SimulatedSite site, int machines) {
    try (Stack stack = new Stack()) {
      stack.worker.registerWorkflowImplementationTypes(ProtectionWatchWorkflowImpl.class);
      stack.worker.registerActivitiesImplementations(new ProtectionActivitiesImpl(site));
      stack.start();
      ProtectionWatchWorkflow watch =
          stack.client.newWorkflowStub(
              ProtectionWatchWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(ProtectionWatchWorkflow.WORKFLOW_ID)
                  .setTaskQueue(Stack.TASK_QUEUE)
                  .build());
      long t0 = System.nanoTime();
      String firstRun =
          WorkflowClient.start(
                  watch::watch, new WatchRequest(APART, SWEEPS, ProtectionReadings.NONE))
              .getRunId();
      List<HistoryEvent> run =
          endedRun(stack.client, ProtectionWatchWorkflow.WORKFLOW_ID, firstRun);
      double seconds = (System.nanoTime() - t0) / 1e9 / SWEEPS;
      int seen =
          stack
              .client
              .newWorkflowStub(ProtectionWatchWorkflow.class, ProtectionWatchWorkflow.WORKFLOW_ID)
              .readings()
              .items()
              .size();
      if (seen != machines) {
        throw new IllegalStateException("the watch saw " + seen + " protected VMs of " + machines);
      }
      return new Sweep(seconds, (run.size() - 3) / (double) SWEEPS, bytes(run) / SWEEPS);
    }
  }

  static Sweep bare(List<ProtectionReading> readings) {
    try (Stack stack = new Stack()) {
      stack.worker.registerWorkflowImplementationTypes(BareSweepImpl.class);
      stack.worker.registerActivitiesImplementations((BareCheck) () -> readings);
      stack.start();
      BareSweep sweep =
          stack.client.newWorkflowStub(
              BareSweep.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("bare-sweep")
                  .setTaskQueue(Stack.TASK_QUEUE)
                  .build());
      long t0 = System.nanoTime();
      String run = WorkflowClient.start(sweep::sweep, SWEEPS).getRunId();
      List<HistoryEvent> events = endedRun(stack.client, "bare-sweep", run);
      double seconds = (System.nanoTime() - t0) / 1e9 / SWEEPS;
      return new Sweep(seconds, (events.size() - 3) / (double) SWEEPS, bytes(events) / SWEEPS);
    }
  }

  /** The run's history once it closed (continued as new, or completed). */
  static List<HistoryEvent> endedRun(WorkflowClient client, String id, String runId) {
    long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
    while (System.nanoTime() < deadline) {
      List<HistoryEvent> events = client.fetchHistory(id, runId).getEvents();
      EventType last = events.get(events.size() - 1).getEventType();
      if (last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
          || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
        return events;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        id + " did not finish its " + SWEEPS + " sweeps within 5 minutes");
  }

  /** The run's history size as the server stores it (serialized events). */
  static long bytes(List<HistoryEvent> events) {
    return events.stream().mapToLong(HistoryEvent::getSerializedSize).sum();
  }

  // ---- Bare Temporal: the same shape, none of ours. ----

  @io.temporal.activity.ActivityInterface
  public interface BareCheck {
    @io.temporal.activity.ActivityMethod(name = "BareCheck")
    List<ProtectionReading> check();
  }

  @WorkflowInterface
  public interface BareSweep {
    @WorkflowMethod(name = "BareSweep")
    void sweep(int sweeps);

    @QueryMethod
    int seen();
  }

  public static class BareSweepImpl implements BareSweep {
    private final BareCheck check =
        Workflow.newActivityStub(
            BareCheck.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(2)).build());
    private List<ProtectionReading> last = List.of();

    @Override
    public void sweep(int sweeps) {
      for (int i = 0; i < sweeps; i++) {
        last = check.check();
        Workflow.sleep(APART);
      }
    }

    @Override
    public int seen() {
      return last.size();
    }
  }
}
