package dev.reprotect.bench;

import dev.reprotect.bench.bare.BareActivitiesImpl;
import dev.reprotect.bench.bare.BareReprotectWorkflow;
import dev.reprotect.bench.bare.BareReprotectWorkflowImpl;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.simulated.SimulatedSite;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * P1: wall time of one ReprotectWorkflow (real activities over an instant simulated site, the
 * master-target slots entity included) against a bare workflow of the same eight activity calls
 * with the same options, alternating one of each on one server, median of many.
 */
final class PerVmOverhead {

  private PerVmOverhead() {}

  static Row run(int warmup, int samples) {
    SimulatedSite site = Inventories.instant(warmup + samples);
    try (Stack stack = new Stack()) {
      Sites.registerOurs(stack, site, Sites.FAST);
      stack.worker.registerWorkflowImplementationTypes(BareReprotectWorkflowImpl.class);
      stack.worker.registerActivitiesImplementations(new BareActivitiesImpl());
      stack.start();
      List<Double> ours = new ArrayList<>();
      List<Double> bare = new ArrayList<>();
      Map<String, Long> oursRpcs = new TreeMap<>();
      Map<String, Long> bareRpcs = new TreeMap<>();
      long oursEvents = 0;
      long bareEvents = 0;
      for (int i = 0; i < warmup + samples; i++) {
        boolean measured = i >= warmup;
        Map<String, Long> before = stack.calls.snapshot();
        double o = runOurs(stack.client, Sites.request(i, warmup + samples, null));
        Map<String, Long> middle = stack.calls.snapshot();
        double b = runBare(stack.client, "bare-" + Inventories.vm(i));
        Map<String, Long> after = stack.calls.snapshot();
        if (measured) {
          ours.add(o);
          bare.add(b);
          RpcCounter.delta(before, middle).forEach((k, v) -> oursRpcs.merge(k, v, Long::sum));
          RpcCounter.delta(middle, after).forEach((k, v) -> bareRpcs.merge(k, v, Long::sum));
        }
        if (i == warmup + samples - 1) {
          oursEvents =
              stack
                  .client
                  .fetchHistory(ReprotectRequest.workflowIdFor(Inventories.vm(i)))
                  .getEvents()
                  .size();
          bareEvents = stack.client.fetchHistory("bare-" + Inventories.vm(i)).getEvents().size();
        }
      }
      double oursMedian = Stats.median(ours);
      double bareMedian = Stats.median(bare);
      double ratio = oursMedian / bareMedian;
      Map<String, Double> oursPerRun = perRun(oursRpcs, samples);
      Map<String, Double> barePerRun = perRun(bareRpcs, samples);
      return Row.of(
              "P1",
              "per-VM wall time, median of " + samples,
              Stats.ms(oursMedian),
              Stats.ms(bareMedian),
              ratio,
              "<= 1.15x",
              ratio <= 1.15)
          .with("oursMedianMs", Stats.round(oursMedian, 2))
          .with("bareMedianMs", Stats.round(bareMedian, 2))
          .with("oursP90Ms", Stats.round(Stats.percentile(ours, 90), 2))
          .with("bareP90Ms", Stats.round(Stats.percentile(bare, 90), 2))
          .with("samples", samples)
          .with("oursHistoryEvents", oursEvents)
          .with("bareHistoryEvents", bareEvents)
          .with("oursRpcsPerRun", oursPerRun)
          .with("bareRpcsPerRun", barePerRun)
          .with(
              "oursRpcsPerRunTotal", Stats.round(RpcCounter.total(oursRpcs) / (double) samples, 1))
          .with(
              "bareRpcsPerRunTotal", Stats.round(RpcCounter.total(bareRpcs) / (double) samples, 1));
    }
  }

  private static Map<String, Double> perRun(Map<String, Long> counts, int samples) {
    Map<String, Double> m = new TreeMap<>();
    counts.forEach((k, v) -> m.put(k, Stats.round(v / (double) samples, 1)));
    return m;
  }

  static double runOurs(WorkflowClient client, ReprotectRequest request) {
    ReprotectWorkflow workflow =
        client.newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(request.workflowId())
                .setTaskQueue(Stack.TASK_QUEUE)
                .build());
    long t0 = System.nanoTime();
    WorkflowClient.start(workflow::reprotect, request);
    ReprotectStatus done = WorkflowStub.fromTyped(workflow).getResult(ReprotectStatus.class);
    double ms = (System.nanoTime() - t0) / 1e6;
    if (done.state() != ReprotectState.PROTECTED) {
      throw new IllegalStateException(
          request.replicatedItem() + " ended " + done.state() + ": " + done.error());
    }
    return ms;
  }

  static double runBare(WorkflowClient client, String id) {
    BareReprotectWorkflow workflow =
        client.newWorkflowStub(
            BareReprotectWorkflow.class,
            WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(Stack.TASK_QUEUE).build());
    long t0 = System.nanoTime();
    WorkflowClient.start(workflow::run, id, false);
    WorkflowStub.fromTyped(workflow).getResult(String.class);
    return (System.nanoTime() - t0) / 1e6;
  }
}
