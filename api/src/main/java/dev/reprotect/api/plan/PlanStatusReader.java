package dev.reprotect.api.plan;

import dev.reprotect.api.reprotect.StatusReader;
import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.plan.MachineSummary;
import dev.reprotect.plan.PlanState;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.plan.RecoveryPlanWorkflow;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.context.annotation.Value;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import io.temporal.client.WorkflowServiceException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a plan's status: the plan workflow's {@code status} query, with the machines it shows as
 * running overlaid by their own reprotections' live status (state, heartbeat progress), queried
 * concurrently on a small pool; counts and progress are then recomputed from the machines.
 */
@Singleton
public class PlanStatusReader {

  private static final Logger LOG = LoggerFactory.getLogger(PlanStatusReader.class);

  /** How long a status read waits for the machines' own statuses before showing the plan's. */
  static final Duration CHILD_READ_BUDGET = Duration.ofSeconds(10);

  private final Temporal temporal;
  private final StatusReader machines;
  private final int window;
  private final ExecutorService pool;

  public PlanStatusReader(
      Temporal temporal,
      StatusReader machines,
      @Value("${reprotect.api.plan-max-in-flight:100}") int window,
      @Value("${reprotect.api.plan-status-threads:8}") int threads) {
    this.temporal = temporal;
    this.machines = machines;
    this.window = Math.max(1, window);
    AtomicInteger n = new AtomicInteger();
    ThreadFactory daemons = r -> {
      Thread t = new Thread(r, "plan-status-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    this.pool = Executors.newFixedThreadPool(Math.max(1, threads), daemons);
  }

  @PreDestroy
  void close() {
    pool.shutdownNow();
  }

  /** The status of a described plan, its running machines overlaid while it runs. */
  public PlanStatus read(DescribeWorkflowExecutionResponse described) {
    WorkflowExecutionInfo info = described.getWorkflowExecutionInfo();
    PlanStatus status = query(info).orElseGet(() -> synthesize(info));
    if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      status = overlay(status);
    }
    return status;
  }

  /** The plan workflow's status query; empty when it cannot be answered (yet). */
  Optional<PlanStatus> query(WorkflowExecutionInfo info) {
    String id = info.getExecution().getWorkflowId();
    try {
      RecoveryPlanWorkflow workflow = temporal.client().newWorkflowStub(
          RecoveryPlanWorkflow.class, id, Optional.of(info.getExecution().getRunId()));
      return Optional.ofNullable(workflow.status());
    } catch (WorkflowQueryException | WorkflowNotFoundException e) {
      LOG.debug("status query of {} not answered: {}", id, e.toString());
      return Optional.empty();
    } catch (WorkflowServiceException e) {
      if (e.getCause() instanceof StatusRuntimeException sre
          && sre.getStatus().getCode() == Status.Code.UNAVAILABLE) {
        throw e;
      }
      LOG.debug("status query of {} failed: {}", id, e.toString());
      return Optional.empty();
    }
  }

  /** The plan's machines with a live status from their own reprotections; counts and progress recomputed. */
  PlanStatus overlay(PlanStatus status) {
    if (status.machines() == null || status.machines().isEmpty()
        || (status.state() != null && status.state().terminal())) {
      return status;
    }
    List<MachineSummary> summaries = new ArrayList<>(status.machines());
    List<Integer> running = new ArrayList<>();
    for (int i = 0; i < summaries.size() && running.size() < window; i++) {
      if (running(summaries.get(i))) {
        running.add(i);
      }
    }
    if (running.isEmpty()) {
      return status;
    }
    List<Future<Optional<ReprotectStatus>>> reads = new ArrayList<>();
    for (int index : running) {
      MachineSummary machine = summaries.get(index);
      Callable<Optional<ReprotectStatus>> read = () -> readMachine(machine);
      reads.add(pool.submit(read));
    }
    long deadline = System.nanoTime() + CHILD_READ_BUDGET.toNanos();
    boolean changed = false;
    for (int k = 0; k < running.size(); k++) {
      int index = running.get(k);
      Future<Optional<ReprotectStatus>> read = reads.get(k);
      Optional<ReprotectStatus> live;
      try {
        live = read.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        reads.forEach(f -> f.cancel(true));
        break;
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        read.cancel(true);
        LOG.debug("live status of {} not read: {}", summaries.get(index).id(), e.toString());
        continue;
      }
      if (live.isPresent() && live.get().state() != null) {
        MachineSummary was = summaries.get(index);
        ReprotectStatus now = live.get();
        summaries.set(index, new MachineSummary(was.replicatedItem(), was.id(), now.state().name(),
            Math.max(0, Math.min(100, now.progressPercent())), now.error() != null ? now.error() : was.error()));
        changed = true;
      }
    }
    if (!changed) {
      return status;
    }
    return new PlanStatus(status.id(), status.plan(), status.state(), counts(status.counts(), summaries),
        progress(summaries), status.eta(), summaries, status.groups(), status.error(), status.startedAt(),
        status.endedAt(), status.placement(), status.startedBy(), status.cancelledBy(), status.pausedBy(),
        status.resumedBy());
  }

  private Optional<ReprotectStatus> readMachine(MachineSummary machine) {
    String id = machine.id() != null ? machine.id() : ReprotectRequest.workflowIdFor(machine.replicatedItem());
    return temporal.describe(id)
        .filter(d -> "Reprotect".equals(d.getWorkflowExecutionInfo().getType().getName()))
        .map(machines::read);
  }

  /** Started, not finished: neither PENDING nor a terminal reprotection state. */
  static boolean running(MachineSummary machine) {
    if (machine == null || machine.state() == null || MachineSummary.PENDING.equals(machine.state())) {
      return false;
    }
    try {
      return !ReprotectState.valueOf(machine.state()).terminal();
    } catch (IllegalArgumentException unknown) {
      return false;
    }
  }

  /** Machines per state, recounted from the live machines: only states some machine is in. */
  static Map<String, Integer> counts(Map<String, Integer> was, List<MachineSummary> machines) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (MachineSummary m : machines) {
      counts.merge(m.state() == null ? MachineSummary.PENDING : m.state(), 1, Integer::sum);
    }
    return counts;
  }

  /** The mean of the machines' progress. */
  static int progress(List<MachineSummary> machines) {
    if (machines.isEmpty()) {
      return 0;
    }
    long sum = 0;
    for (MachineSummary m : machines) {
      sum += Math.max(0, Math.min(100, m.progressPercent()));
    }
    return (int) (sum / machines.size());
  }

  /** A status from the execution's own facts, when the plan cannot answer its query. */
  static PlanStatus synthesize(WorkflowExecutionInfo info) {
    String id = info.getExecution().getWorkflowId();
    PlanState state = switch (info.getStatus()) {
      case WORKFLOW_EXECUTION_STATUS_COMPLETED -> PlanState.PROTECTED;
      case WORKFLOW_EXECUTION_STATUS_CANCELED -> PlanState.CANCELLED;
      case WORKFLOW_EXECUTION_STATUS_RUNNING, WORKFLOW_EXECUTION_STATUS_UNSPECIFIED -> PlanState.VALIDATING;
      default -> PlanState.FAILED;
    };
    Instant started = info.hasStartTime() ? instant(info.getStartTime()) : null;
    Instant ended = info.hasCloseTime() ? instant(info.getCloseTime()) : null;
    return new PlanStatus(id, planOf(id), state, Map.of(), state == PlanState.PROTECTED ? 100 : 0, null,
        List.of(), List.of(), null, started, ended);
  }

  /** The status of a plan {@code startedBy} just started that has not answered yet: every machine pending. */
  static PlanStatus validating(RecoveryPlanRequest request, Instant startedAt, String startedBy) {
    List<MachineSummary> pending = request.machines().stream()
        .map(m -> new MachineSummary(m.replicatedItem(), m.workflowId(), MachineSummary.PENDING, 0, null))
        .toList();
    Map<String, Integer> counts = new LinkedHashMap<>();
    counts.put(MachineSummary.PENDING, pending.size());
    return new PlanStatus(request.workflowId(), request.plan(), PlanState.VALIDATING, counts, 0, null, pending,
        List.of(), null, startedAt, null, request.placement(), startedBy, null, null, null);
  }

  static String planOf(String workflowId) {
    String prefix = RecoveryPlanRequest.workflowIdFor("");
    return workflowId.startsWith(prefix) ? workflowId.substring(prefix.length()) : workflowId;
  }

  private static Instant instant(com.google.protobuf.Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
