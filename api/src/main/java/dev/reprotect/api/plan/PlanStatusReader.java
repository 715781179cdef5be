package dev.reprotect.api.plan;

import dev.reprotect.api.reprotect.StatusReader;
import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.api.temporal.WorkflowIndex;
import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.plan.MachineState;
import dev.reprotect.plan.MachineSummary;
import dev.reprotect.plan.PlanMachines;
import dev.reprotect.plan.PlanState;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.PlanStatusProjection;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.plan.RecoveryPlanWorkflow;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectStatus;
import io.micronaut.context.annotation.Value;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a plan's status without blocking a thread, as {@link StatusReader} reads a reprotection's:
 * the plan workflow's {@code status} query (its first machines), the later pages of its {@code
 * machines} query, then, while it runs, its running machines made live by their own reprotections'
 * status (state, heartbeat progress). Counts and progress come from the workflows module's {@link
 * PlanStatusProjection}: this class only moves data.
 */
@Singleton
public class PlanStatusReader {

  private static final Logger LOG = LoggerFactory.getLogger(PlanStatusReader.class);

  /** How long a status read waits for the machines' own statuses before showing the plan's. */
  static final Duration CHILD_READ_BUDGET = Duration.ofSeconds(10);

  private final Temporal temporal;
  private final StatusReader machines;
  private final int window;

  public PlanStatusReader(
      Temporal temporal,
      StatusReader machines,
      @Value("${reprotect.api.plan-max-in-flight:100}") int window) {
    this.temporal = temporal;
    this.machines = machines;
    this.window = Math.max(1, window);
  }

  /** The status of a described plan, blocking: for the endpoints that already block. */
  public PlanStatus read(DescribeWorkflowExecutionResponse described) {
    try {
      return readAsync(described).join();
    } catch (CompletionException failed) {
      throw failed.getCause() instanceof RuntimeException cause ? cause : failed;
    }
  }

  /** The status of a described plan: every machine, its running ones live while it runs. */
  public CompletableFuture<PlanStatus> readAsync(DescribeWorkflowExecutionResponse described) {
    WorkflowExecutionInfo info = described.getWorkflowExecutionInfo();
    String id = info.getExecution().getWorkflowId();
    String run = info.getExecution().getRunId();
    CompletableFuture<PlanStatus> status =
        temporal
            .queryResultAsync(id, run, PlanStatus.class, RecoveryPlanWorkflow.STATUS_QUERY)
            .thenCompose(
                answer ->
                    answer
                        .map(first -> everyMachine(id, run, first))
                        .orElseGet(() -> CompletableFuture.completedFuture(synthesize(info))));
    if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return status;
    }
    return status.thenCompose(this::overlay);
  }

  /**
   * The status with every machine: the status query answers with the first page (so that no answer
   * grows with the plan, PERFORMANCE.md P7), the machines query with the others, all asked at once.
   * A page that cannot be read leaves the status with the machines read so far.
   */
  CompletableFuture<PlanStatus> everyMachine(String id, String run, PlanStatus first) {
    int total =
        first.counts() == null
            ? 0
            : first.counts().values().stream().mapToInt(Integer::intValue).sum();
    if (first.machines() == null || first.machines().size() >= total) {
      return CompletableFuture.completedFuture(first);
    }
    List<CompletableFuture<Optional<PlanMachines>>> pages = new ArrayList<>();
    for (int from = first.machines().size(); from < total; from += PlanMachines.PAGE) {
      pages.add(
          temporal.queryResultAsync(
              id, run, PlanMachines.class, RecoveryPlanWorkflow.MACHINES_QUERY, from));
    }
    return CompletableFuture.allOf(pages.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              List<MachineSummary> all = new ArrayList<>(first.machines());
              List<MachinePlacement> placement =
                  first.placement() == null ? null : new ArrayList<>(first.placement());
              for (CompletableFuture<Optional<PlanMachines>> page : pages) {
                Optional<PlanMachines> read = page.join();
                if (read.isEmpty() || read.get().from() != all.size()) {
                  break;
                }
                all.addAll(read.get().machines());
                if (placement != null && read.get().placement() != null) {
                  placement.addAll(read.get().placement());
                }
              }
              return new PlanStatus(
                  first.id(),
                  first.plan(),
                  first.state(),
                  first.counts(),
                  first.progressPercent(),
                  first.eta(),
                  all,
                  first.groups(),
                  first.error(),
                  first.startedAt(),
                  first.endedAt(),
                  placement,
                  first.startedBy(),
                  first.cancelledBy(),
                  first.pausedBy(),
                  first.resumedBy(),
                  first.outOfPolicy());
            });
  }

  /**
   * The plan's running machines (at most its window) made live by their own reprotections' status,
   * all read at once; one not read within {@link #CHILD_READ_BUDGET} keeps the plan's view.
   */
  CompletableFuture<PlanStatus> overlay(PlanStatus status) {
    if (status.machines() == null || (status.state() != null && status.state().terminal())) {
      return CompletableFuture.completedFuture(status);
    }
    List<MachineSummary> summaries = new ArrayList<>(status.machines());
    List<Integer> running = new ArrayList<>();
    List<CompletableFuture<Optional<ReprotectStatus>>> reads = new ArrayList<>();
    for (int i = 0; i < summaries.size() && running.size() < window; i++) {
      if (PlanStatusProjection.running(summaries.get(i))) {
        running.add(i);
        reads.add(readMachine(summaries.get(i)));
      }
    }
    if (running.isEmpty()) {
      return CompletableFuture.completedFuture(status);
    }
    return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              for (int k = 0; k < running.size(); k++) {
                Optional<ReprotectStatus> live = reads.get(k).join();
                if (live.isPresent() && live.get().state() != null) {
                  MachineSummary was = summaries.get(running.get(k));
                  ReprotectStatus now = live.get();
                  summaries.set(
                      running.get(k),
                      new MachineSummary(
                          was.replicatedItem(),
                          was.id(),
                          MachineState.of(now.state()),
                          Math.max(0, Math.min(100, now.progressPercent())),
                          now.error() != null ? now.error() : was.error()));
                }
              }
              return PlanStatusProjection.withMachines(status, summaries);
            });
  }

  /** A machine's own reprotection's status; empty when it cannot be read in time. */
  private CompletableFuture<Optional<ReprotectStatus>> readMachine(MachineSummary machine) {
    String id =
        machine.id() != null
            ? machine.id()
            : ReprotectRequest.workflowIdFor(machine.replicatedItem());
    CompletableFuture<Optional<ReprotectStatus>> queried = machines.queryAsync(id, "");
    return temporal
        .describeAsync(id)
        .thenCombine(queried, (described, answer) -> described.map(d -> machines.read(d, answer)))
        .completeOnTimeout(Optional.empty(), CHILD_READ_BUDGET.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            failed -> {
              LOG.debug("live status of {} not read: {}", id, failed.toString());
              return Optional.empty();
            });
  }

  /** A status from the execution's own facts, when the plan cannot answer its query. */
  static PlanStatus synthesize(WorkflowExecutionInfo info) {
    String id = info.getExecution().getWorkflowId();
    PlanState state =
        switch (info.getStatus()) {
          case WORKFLOW_EXECUTION_STATUS_COMPLETED -> PlanState.PROTECTED;
          case WORKFLOW_EXECUTION_STATUS_CANCELED -> PlanState.CANCELLED;
          case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_UNSPECIFIED ->
              PlanState.VALIDATING;
          default -> PlanState.FAILED;
        };
    Instant started = info.hasStartTime() ? WorkflowIndex.instant(info.getStartTime()) : null;
    Instant ended = info.hasCloseTime() ? WorkflowIndex.instant(info.getCloseTime()) : null;
    return new PlanStatus(
        id,
        planOf(id),
        state,
        Map.of(),
        state == PlanState.PROTECTED ? 100 : 0,
        null,
        List.of(),
        List.of(),
        null,
        started,
        ended,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * The status of a plan {@code startedBy} just started that has not answered yet: every machine
   * pending.
   */
  static PlanStatus validating(RecoveryPlanRequest request, Instant startedAt, String startedBy) {
    List<MachineSummary> pending =
        request.machines().stream()
            .map(
                m ->
                    new MachineSummary(
                        m.replicatedItem(), m.workflowId(), MachineState.PENDING, 0, null))
            .toList();
    PlanStatus status =
        new PlanStatus(
            request.workflowId(),
            request.plan(),
            PlanState.VALIDATING,
            Map.of(),
            0,
            null,
            pending,
            List.of(),
            null,
            startedAt,
            null,
            request.placementChosen(),
            startedBy,
            null,
            null,
            null,
            null);
    return PlanStatusProjection.withMachines(status, pending);
  }

  static String planOf(String workflowId) {
    String prefix = RecoveryPlanRequest.workflowIdFor("");
    return workflowId.startsWith(prefix) ? workflowId.substring(prefix.length()) : workflowId;
  }
}
