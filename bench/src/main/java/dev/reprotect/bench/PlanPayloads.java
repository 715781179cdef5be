package dev.reprotect.bench;

import dev.reprotect.placement.LedgerHeldSlots;
import dev.reprotect.placement.Placement;
import dev.reprotect.placement.PlacementActivitiesImpl;
import dev.reprotect.placement.PlacementWorkflow;
import dev.reprotect.placement.PlacementWorkflowImpl;
import dev.reprotect.plan.MachineState;
import dev.reprotect.plan.MachineSummary;
import dev.reprotect.plan.PlanMachines;
import dev.reprotect.plan.PlanOptions;
import dev.reprotect.plan.PlanState;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.PlanStatusProjection;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.plan.RecoveryPlanWorkflow;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.rules.Rule;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.simulated.SiteFaults;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import io.temporal.api.common.v1.Payloads;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.query.v1.WorkflowQuery;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.GlobalDataConverter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * P7: the limits Temporal's in-memory test server never enforced, on the real (dev) server. A plan
 * of 2,000 machines with {@code "placement": "auto"} (no values given: the placement workflow
 * proposes them, and the request is filled as the API does), about 30 % of which fail by rule: 12
 * of its 40 master targets are Storage-vMotioned before the plan starts, so each machine placed on
 * one fails SYNCHRONIZE with MT_STORAGE_VMOTIONED (a step rule no preflight can see), and its
 * compensation fails the same way. The plan must run to its end (FAILED, every machine accounted
 * for), and its largest payloads are read back from the server: the plan's input (the
 * WorkflowExecutionStarted event), its continue-as-new state (each WorkflowExecutionContinuedAsNew
 * event's input), its status query's answer (the raw QueryWorkflow result, sampled while it runs
 * and at its end) and its result, besides the largest event of its histories and the placement
 * workflow's result. Temporal warns at 512 KiB per payload and refuses 2 MiB.
 */
final class PlanPayloads {

  static final String PLAN = "rp-payloads";
  static final long WARN_BYTES = 512L * 1024;
  static final long LIMIT_BYTES = 2L * 1024 * 1024;

  /**
   * The share of master targets Storage-vMotioned before the plan starts (so about that share of
   * machines fails).
   */
  static final double MOVED_SHARE = 0.3;

  /** A plan that has not ended by then (2 min + 1 s a machine) is reported as not ended. */
  static final double ENDS_WITHIN_SECONDS_PER_MACHINE = 1.0;

  private PlanPayloads() {}

  static Row run(int machines) {
    SimulatedSite site = Inventories.instant(machines);
    int targets = Inventories.masterTargets(machines);
    // Spread evenly over the master targets: 12 of 40 at 2,000 machines (1 of 2 at the quick size).
    int moved = Math.max(1, Math.min(targets - 1, (int) Math.round(targets * MOVED_SHARE)));
    Set<String> movedTargets = new HashSet<>();
    for (int m = 0; m < targets; m++) {
      if ((long) m * moved / targets != (long) (m + 1) * moved / targets) {
        movedTargets.add(String.format("mt-%03d", m));
      }
    }
    movedTargets.forEach(SiteFaults.of(site)::storageVMotion);
    try (Stack stack = new Stack(Stack.Server.DEV)) {
      Sites.registerOurs(stack, site, Sites.FAST);
      stack.worker.registerWorkflowImplementationTypes(PlacementWorkflowImpl.class);
      stack.worker.registerActivitiesImplementations(
          new PlacementActivitiesImpl(site, site, new LedgerHeldSlots(stack.client)));
      stack.start();

      List<ReprotectRequest> asked = new ArrayList<>();
      for (int i = 0; i < machines; i++) {
        asked.add(
            new ReprotectRequest(
                Inventories.vm(i), null, null, null, null, null, null, false, PLAN));
      }
      RecoveryPlanRequest unplaced =
          new RecoveryPlanRequest(PLAN, asked, PlanOptions.DEFAULTS, null);
      String placementId = "placement-" + PLAN;
      Placement placement =
          stack
              .client
              .newWorkflowStub(
                  PlacementWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(placementId)
                      .setTaskQueue(Stack.TASK_QUEUE)
                      .build())
              .propose(unplaced);
      if (!placement.placed()) {
        throw new IllegalStateException(
            "P7: placement refused the plan: " + placement.violations());
      }
      RecoveryPlanRequest request = unplaced.placedBy(placement);

      RecoveryPlanWorkflow plan =
          stack.client.newWorkflowStub(
              RecoveryPlanWorkflow.class,
              WorkflowOptions.newBuilder()
                  .setWorkflowId(request.workflowId())
                  .setTaskQueue(Stack.TASK_QUEUE)
                  .setTypedSearchAttributes(ReprotectSearchAttributes.forPlan(PLAN))
                  .build());
      long t0 = System.nanoTime();
      String firstRun = WorkflowClient.start(plan::reprotect, request).getRunId();
      CompletableFuture<PlanStatus> result =
          WorkflowStub.fromTyped(plan).getResultAsync(PlanStatus.class);
      long largestQuery = 0;
      int queries = 0;
      long deadline =
          System.nanoTime() + (long) ((ENDS_WITHIN_SECONDS_PER_MACHINE * machines + 120) * 1e9);
      while (!result.isDone() && System.nanoTime() < deadline) {
        try {
          largestQuery = Math.max(largestQuery, queryBytes(stack, request.workflowId()));
          queries++;
          if (queries % 15 == 0) {
            long pages = largestPageBytes(stack, request.workflowId(), machines);
            largestQuery = Math.max(largestQuery, pages);
            PlanStatus now =
                stack
                    .client
                    .newWorkflowStub(RecoveryPlanWorkflow.class, request.workflowId())
                    .status();
            System.out.printf(
                Locale.ROOT, "P7: %.0f s, %s%n", (System.nanoTime() - t0) / 1e9, now.counts());
          }
        } catch (RuntimeException betweenRuns) {
          // e.g. while the plan continues as new: the next sample reads the new run
        }
        sleep(2_000);
      }
      String ended;
      PlanStatus done = null;
      try {
        done = result.get(1, TimeUnit.SECONDS);
        ended = done.state().name();
      } catch (Exception e) {
        Throwable cause = e.getCause() instanceof WorkflowException w ? w : e;
        ended = "did not complete: " + cause;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      long finalQuery =
          Math.max(
              queryBytes(stack, request.workflowId()),
              largestPageBytes(stack, request.workflowId(), machines));
      largestQuery = Math.max(largestQuery, finalQuery);
      PlanStatus seen =
          everyMachine(
              stack,
              request.workflowId(),
              done != null
                  ? done
                  : stack
                      .client
                      .newWorkflowStub(RecoveryPlanWorkflow.class, request.workflowId())
                      .status());
      PayloadBounds.Bounds bounds = PayloadBounds.of(request, seen, movedTargets);

      List<WorkflowExecutionHistory> runs =
          PlanScale.runs(stack.client, request.workflowId(), firstRun);
      long input = 0;
      long continueAsNew = 0;
      long workflowResult = 0;
      Map<String, Long> largestByEvent = new HashMap<>();
      int taskFailures = 0;
      String firstTaskFailure = null;
      for (WorkflowExecutionHistory run : runs) {
        for (HistoryEvent e : run.getEvents()) {
          if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED) {
            taskFailures++;
            if (firstTaskFailure == null) {
              var failed = e.getWorkflowTaskFailedEventAttributes();
              String message = failed.getCause() + ": " + failed.getFailure().getMessage();
              firstTaskFailure = message.substring(0, Math.min(600, message.length()));
            }
          }
          largestByEvent.merge(
              e.getEventType().name().replace("EVENT_TYPE_", ""),
              (long) e.getSerializedSize(),
              Math::max);
          if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
              && run == runs.get(0)) {
            input = e.getWorkflowExecutionStartedEventAttributes().getInput().getSerializedSize();
          } else if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW) {
            continueAsNew =
                Math.max(
                    continueAsNew,
                    e.getWorkflowExecutionContinuedAsNewEventAttributes()
                        .getInput()
                        .getSerializedSize());
          } else if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
            workflowResult =
                e.getWorkflowExecutionCompletedEventAttributes().getResult().getSerializedSize();
          }
        }
      }
      long placementResult = 0;
      for (HistoryEvent e : stack.client.fetchHistory(placementId).getEvents()) {
        if (e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED) {
          placementResult =
              e.getWorkflowExecutionCompletedEventAttributes().getResult().getSerializedSize();
        }
      }

      Map<String, Integer> counts = seen.counts();
      int failedByRule =
          (int)
              seen.machines().stream()
                  .filter(
                      m ->
                          m.state() == MachineState.FAILED
                              && m.error() != null
                              && m.error().rule() == Rule.MT_STORAGE_VMOTIONED)
                  .count();
      boolean ranToItsEnd =
          done != null
              && done.state() == PlanState.FAILED
              && counts.values().stream().mapToInt(Integer::intValue).sum() == machines
              && counts.getOrDefault(ReprotectState.PROTECTED.name(), 0)
                      + counts.getOrDefault(ReprotectState.FAILED.name(), 0)
                  == machines;
      long largest =
          Math.max(
              Math.max(Math.max(input, continueAsNew), Math.max(largestQuery, workflowResult)),
              Math.max(bounds.continueAsNewState(), bounds.statusAnswer()));
      boolean met = ranToItsEnd && largest < WARN_BYTES;
      Map<String, Object> kib = new LinkedHashMap<>();
      kib.put("planInput", kib(input));
      kib.put("continueAsNewState", kib(continueAsNew));
      kib.put("statusQueryAnswer", kib(largestQuery));
      kib.put("statusQueryAnswerAtEnd", kib(finalQuery));
      kib.put("planResult", kib(workflowResult));
      kib.put("placementResult", kib(placementResult));
      // Worst cases by the data converter (PayloadBounds): every machine but one finished / every
      // one.
      kib.put("continueAsNewStateWorstCase", kib(bounds.continueAsNewState()));
      kib.put("statusAnswerWorstCase", kib(bounds.statusAnswer()));
      Map<String, Object> events = new LinkedHashMap<>();
      largestByEvent.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
          .limit(6)
          .forEach(en -> events.put(en.getKey(), kib(en.getValue())));
      return Row.of(
              "P7",
              Stats.f(
                  "%,d-machine plan, placement auto, %d failing by rule (%d failed when read): "
                      + "largest payload, KiB: input %s, continue-as-new %s (worst %s), status answer %s (worst %s); ended %s",
                  machines,
                  bounds.failing(),
                  failedByRule,
                  kib(input),
                  kib(continueAsNew),
                  kib(bounds.continueAsNewState()),
                  kib(largestQuery),
                  kib(bounds.statusAnswer()),
                  ended),
              Stats.f("%s KiB", kib(largest)),
              "limit 2,048 KiB",
              largest / (double) LIMIT_BYTES,
              "runs to its end; each < 512 KiB (warning), < 2 MiB (limit)",
              met)
          .with("payloadKiB", kib)
          .with("largestEventsKiB", events)
          .with("ended", ended)
          .with("planWorkflowTaskFailures", taskFailures)
          .with("firstPlanWorkflowTaskFailure", firstTaskFailure)
          .with("counts", counts)
          .with("failedByRule", failedByRule)
          .with("failingByPlacement", bounds.failing())
          .with("masterTargetsStorageVMotioned", moved + " of " + targets)
          .with("runs", runs.size())
          .with("eventsPerRun", runs.stream().map(h -> h.getEvents().size()).toList())
          .with("statusQueriesSampled", queries)
          .with("wallS", Stats.round(seconds, 1));
    }
  }

  /** The status query's answer as the server returns it (raw QueryWorkflow), in bytes. */
  static long queryBytes(Stack stack, String workflowId) {
    return rawQueryBytes(
        stack,
        workflowId,
        WorkflowQuery.newBuilder().setQueryType(RecoveryPlanWorkflow.STATUS_QUERY));
  }

  /** The largest answer of the machines query (the status's later pages), raw, in bytes. */
  static long largestPageBytes(Stack stack, String workflowId, int machines) {
    long largest = 0;
    for (int from = PlanMachines.PAGE; from < machines; from += PlanMachines.PAGE) {
      Payloads arg = GlobalDataConverter.get().toPayloads(from).orElseThrow();
      largest =
          Math.max(
              largest,
              rawQueryBytes(
                  stack,
                  workflowId,
                  WorkflowQuery.newBuilder().setQueryType("machines").setQueryArgs(arg)));
    }
    return largest;
  }

  private static long rawQueryBytes(Stack stack, String workflowId, WorkflowQuery.Builder query) {
    Payloads answer =
        stack
            .stubs
            .blockingStub()
            .queryWorkflow(
                QueryWorkflowRequest.newBuilder()
                    .setNamespace("default")
                    .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                    .setQuery(query)
                    .build())
            .getQueryResult();
    return answer.getSerializedSize();
  }

  /** The status with every machine, its later pages from the machines query (as the API). */
  static PlanStatus everyMachine(Stack stack, String workflowId, PlanStatus first) {
    RecoveryPlanWorkflow plan =
        stack.client.newWorkflowStub(RecoveryPlanWorkflow.class, workflowId);
    List<MachineSummary> all = new ArrayList<>(first.machines());
    int total = first.counts().values().stream().mapToInt(Integer::intValue).sum();
    while (all.size() < total) {
      List<MachineSummary> page = plan.machines(all.size()).machines();
      if (page.isEmpty()) {
        break;
      }
      all.addAll(page);
    }
    return PlanStatusProjection.withMachines(first, all);
  }

  private static double kib(long bytes) {
    return Stats.round(bytes / 1024.0, 1);
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
