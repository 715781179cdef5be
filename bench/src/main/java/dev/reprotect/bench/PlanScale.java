package dev.reprotect.bench;

import dev.reprotect.bench.bare.BareActivitiesImpl;
import dev.reprotect.bench.bare.BarePlanWorkflow;
import dev.reprotect.bench.bare.BarePlanWorkflowImpl;
import dev.reprotect.bench.bare.BareReprotectWorkflowImpl;
import dev.reprotect.plan.PlanOptions;
import dev.reprotect.plan.PlanState;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.plan.RecoveryPlanWorkflow;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.simulated.SimulatedSite;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * P2: a recovery plan of 100, 1,000 and 2,000 machines (real plan, real children, real activities
 * over an instant simulated site, the default window of 100), against a bare parent fanning out the
 * same number of bare children (eight no-op activities each) through the same window. Each on a
 * fresh in-memory server. Also the peak heap and the parent's events per run; the 2,000 plan's
 * parent histories (every run) are kept for P4.
 */
final class PlanScale {

  static final int WINDOW = PlanOptions.DEFAULTS.maxInFlight();
  static final int HISTORY_WARNING = 10_240;
  static final long GIB = 1L << 30;

  record Result(
      Row row,
      List<WorkflowExecutionHistory> oursParent,
      List<WorkflowExecutionHistory> bareParent) {}

  private PlanScale() {}

  static Result run(List<Integer> sizes) {
    Map<String, Object> perSize = new LinkedHashMap<>();
    List<WorkflowExecutionHistory> oursParent = List.of();
    List<WorkflowExecutionHistory> bareParent = List.of();
    double ratio = Double.NaN;
    double oursRate = 0;
    double bareRate = 0;
    long peakHeap = 0;
    int mostEvents = 0;
    int largest = sizes.get(sizes.size() - 1);
    for (int n : sizes) {
      Measured ours = ours(n);
      Measured bare = bare(n);
      oursRate = n / ours.seconds;
      bareRate = n / bare.seconds;
      ratio = oursRate / bareRate;
      peakHeap = ours.peakHeap;
      mostEvents = ours.eventsPerRun.stream().mapToInt(Integer::intValue).max().orElse(0);
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("oursWallS", Stats.round(ours.seconds, 2));
      s.put("bareWallS", Stats.round(bare.seconds, 2));
      s.put("oursMachinesPerS", Stats.round(oursRate, 1));
      s.put("bareMachinesPerS", Stats.round(bareRate, 1));
      s.put("ratio", Stats.round(ratio, 3));
      s.put("oursPeakHeapMiB", ours.peakHeap >> 20);
      s.put("oursLiveHeapAfterGcMiB", ours.liveAfterGc >> 20);
      s.put("barePeakHeapMiB", bare.peakHeap >> 20);
      s.put("oursParentEventsPerRun", ours.eventsPerRun);
      s.put("bareParentEventsPerRun", bare.eventsPerRun);
      s.put("oursRpcs", ours.rpcs);
      s.put("oursFirstChildAfterS", Stats.round(firstChildAfter(ours.histories), 2));
      s.put("bareFirstChildAfterS", Stats.round(firstChildAfter(bare.histories), 2));
      s.put("bareRpcs", bare.rpcs);
      perSize.put(String.valueOf(n), s);
      if (n == largest) {
        oursParent = ours.histories;
        bareParent = bare.histories;
      }
    }
    boolean met = ratio >= 0.8 && peakHeap <= GIB && mostEvents < HISTORY_WARNING;
    Row row =
        Row.of(
                "P2",
                Stats.f(
                    "plan of %,d: machines/s (heap %d MiB, parent events/run max %,d)",
                    largest, peakHeap >> 20, mostEvents),
                Stats.f("%.1f/s", oursRate),
                Stats.f("%.1f/s", bareRate),
                ratio,
                ">= 0.8x, heap <= 1 GiB, < 10,240 events",
                met)
            .with("sizes", perSize)
            .with("window", WINDOW);
    return new Result(row, oursParent, bareParent);
  }

  record Measured(
      double seconds,
      long peakHeap,
      long liveAfterGc,
      List<Integer> eventsPerRun,
      List<WorkflowExecutionHistory> histories,
      long rpcs) {}

  static Measured ours(int n) {
    SimulatedSite site = Inventories.instant(n);
    List<ReprotectRequest> machines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      machines.add(Sites.request(i, n, "rp-bench"));
    }
    RecoveryPlanRequest request =
        new RecoveryPlanRequest("rp-bench", machines, new PlanOptions(WINDOW, 0), null);
    try (Stack stack = new Stack()) {
      Sites.registerOurs(stack, site, Sites.FAST);
      stack.start();
      RecoveryPlanWorkflow plan =
          stack.client.newWorkflowStub(
              RecoveryPlanWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(request.workflowId())
                  .setTaskQueue(Stack.TASK_QUEUE)
                  .build());
      long rpcs0 = RpcCounter.total(stack.calls.snapshot());
      HeapSampler heap = new HeapSampler();
      double seconds;
      String firstRun;
      try (heap) {
        long t0 = System.nanoTime();
        firstRun = WorkflowClient.start(plan::reprotect, request).getRunId();
        PlanStatus done = WorkflowStub.fromTyped(plan).getResult(PlanStatus.class);
        seconds = (System.nanoTime() - t0) / 1e9;
        if (done.state() != PlanState.PROTECTED
            || done.counts().getOrDefault("PROTECTED", 0) != n) {
          throw new IllegalStateException(
              "plan of " + n + " ended " + done.state() + " " + done.counts() + " " + done.error());
        }
      }
      long rpcs = RpcCounter.total(stack.calls.snapshot()) - rpcs0;
      List<WorkflowExecutionHistory> runs = runs(stack.client, request.workflowId(), firstRun);
      return new Measured(
          seconds, heap.peakUsedBytes(), HeapSampler.liveAfterGcBytes(), sizes(runs), runs, rpcs);
    }
  }

  static Measured bare(int n) {
    List<String> machines = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      machines.add(Inventories.vm(i));
    }
    try (Stack stack = new Stack()) {
      stack.worker.registerWorkflowImplementationTypes(
          BarePlanWorkflowImpl.class, BareReprotectWorkflowImpl.class);
      stack.worker.registerActivitiesImplementations(new BareActivitiesImpl());
      stack.start();
      BarePlanWorkflow plan =
          stack.client.newWorkflowStub(
              BarePlanWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId("bare-plan")
                  .setTaskQueue(Stack.TASK_QUEUE)
                  .build());
      long rpcs0 = RpcCounter.total(stack.calls.snapshot());
      HeapSampler heap = new HeapSampler();
      double seconds;
      String firstRun;
      try (heap) {
        long t0 = System.nanoTime();
        firstRun = WorkflowClient.start(plan::run, machines, WINDOW).getRunId();
        int done = WorkflowStub.fromTyped(plan).getResult(Integer.class);
        seconds = (System.nanoTime() - t0) / 1e9;
        if (done != n) {
          throw new IllegalStateException("bare plan of " + n + " ended with " + done);
        }
      }
      long rpcs = RpcCounter.total(stack.calls.snapshot()) - rpcs0;
      List<WorkflowExecutionHistory> runs = runs(stack.client, "bare-plan", firstRun);
      return new Measured(
          seconds, heap.peakUsedBytes(), HeapSampler.liveAfterGcBytes(), sizes(runs), runs, rpcs);
    }
  }

  /** Every run of a workflow from the first, following continue-as-new. */
  static List<WorkflowExecutionHistory> runs(WorkflowClient client, String id, String firstRun) {
    List<WorkflowExecutionHistory> runs = new ArrayList<>();
    String run = firstRun;
    while (run != null) {
      WorkflowExecutionHistory history = client.fetchHistory(id, run);
      runs.add(history);
      HistoryEvent last = history.getLastEvent();
      run =
          last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
              ? last.getWorkflowExecutionContinuedAsNewEventAttributes().getNewExecutionRunId()
              : null;
    }
    return runs;
  }

  /**
   * Seconds from the parent's start to its first child: the plan's validation before any machine.
   */
  static double firstChildAfter(List<WorkflowExecutionHistory> runs) {
    List<HistoryEvent> events = runs.get(0).getEvents();
    long start = com.google.protobuf.util.Timestamps.toMillis(events.get(0).getEventTime());
    for (HistoryEvent e : events) {
      if (e.getEventType() == EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED) {
        return (com.google.protobuf.util.Timestamps.toMillis(e.getEventTime()) - start) / 1000.0;
      }
    }
    return Double.NaN;
  }

  private static List<Integer> sizes(List<WorkflowExecutionHistory> runs) {
    return runs.stream().map(h -> h.getEvents().size()).toList();
  }
}
