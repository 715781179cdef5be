package dev.reprotect.api.reprotect;

import dev.reprotect.api.problem.ApiProblem;
import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.api.temporal.WorkflowFailures;
import dev.reprotect.api.temporal.WorkflowIndex;
import dev.reprotect.plan.MachineSummary;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.plan.RecoveryPlanWorkflow;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.PreflightWorkflow;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectStatusProjection;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import dev.reprotect.visibility.Requester;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.WorkflowExecutionHistory;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the reprotection endpoints do, in Temporal terms. Never reaches a site. */
@Singleton
public class Reprotections {

  private static final Logger LOG = LoggerFactory.getLogger(Reprotections.class);

  public static final String PATH = "/api/v1/reprotections";
  static final String WORKFLOW_TYPE = ReprotectWorkflow.TYPE;

  /** Status reads a list has in flight at once. */
  static final int CONCURRENT_READS = 32;

  private final Temporal temporal;
  private final StatusReader statuses;
  private final WorkflowIndex index;

  public Reprotections(Temporal temporal, StatusReader statuses, WorkflowIndex index) {
    this.temporal = temporal;
    this.statuses = statuses;
    this.index = index;
  }

  public static String location(String id) {
    return PATH + "/" + id;
  }

  /** A started reprotection: its id and first status. */
  public record Started(String id, ReprotectStatus status) {}

  /**
   * Refuses while one runs (409), runs preflight and refuses rule violations (422, nothing
   * started), then starts {@code reprotect-{item}}; a finished one may be redone.
   */
  public Started start(ReprotectRequest request, String by) {
    String id = request.workflowId();
    if (describe(id).filter(Reprotections::running).isPresent()) {
      throw ApiProblem.alreadyRunning(id, location(id));
    }
    PreflightReport report = preflight(request);
    ApiProblem.refuseRuleViolations(report);
    ReprotectWorkflow workflow =
        temporal
            .client()
            .newWorkflowStub(
                ReprotectWorkflow.class,
                temporal.businessWorkflow(
                    id, ReprotectSearchAttributes.forReprotection(request), by));
    Instant startedAt = Instant.now();
    try {
      WorkflowClient.start(workflow::reprotect, request);
    } catch (WorkflowExecutionAlreadyStarted raced) {
      throw ApiProblem.alreadyRunning(id, location(id));
    }
    LOG.info("{} started by {}", id, by);
    ReprotectStatus status =
        describe(id)
            .map(statuses::read)
            .orElseGet(() -> ReprotectStatusProjection.validating(id, startedAt, by));
    return new Started(id, status);
  }

  /** The dry run: every rule checked, nothing changed. */
  public PreflightReport preflight(ReprotectRequest request) {
    PreflightWorkflow preflight =
        temporal
            .client()
            .newWorkflowStub(PreflightWorkflow.class, temporal.shortWorkflow("preflight"));
    try {
      return preflight.preflight(request);
    } catch (WorkflowFailedException failed) {
      throw WorkflowFailures.toProblem(failed, "preflight");
    }
  }

  /**
   * A reprotection's status, read without blocking a thread: the status query and the describe (for
   * the running step's live attempt and progress) go out at once, so the read costs one round trip
   * of latency (PERFORMANCE.md, P5); 404 when there is no such reprotection.
   */
  public CompletableFuture<ReprotectStatus> statusAsync(String id) {
    CompletableFuture<Optional<ReprotectStatus>> queried = statuses.queryAsync(id, "");
    return temporal
        .describeAsync(id)
        .thenCombine(
            queried,
            (described, answer) ->
                statuses.read(
                    described
                        .filter(Reprotections::isReprotection)
                        .orElseThrow(() -> ApiProblem.notFound("no reprotection " + id)),
                    answer));
  }

  /**
   * Newest first; filtered by state and plan, then paged. The server filters (a visibility query
   * over our search attributes) and only the page's statuses are read. On a server without
   * ListWorkflowExecutions (the in-memory fallback) a filter reads statuses instead: a plan filter
   * first narrows the candidates to the plan's machines, then each candidate's status is read.
   */
  public ReprotectionPage list(ReprotectState state, String plan, int page, int size) {
    Optional<List<ReprotectionRef>> filtered =
        index.matching(WORKFLOW_TYPE, visibilityFilter(state, plan));
    if (filtered.isPresent()) {
      List<ReprotectionRef> refs = filtered.get();
      int from = (int) Math.min((long) page * size, refs.size());
      int to = Math.min(from + size, refs.size());
      // A run that changed state between the server's answer and the read is left out.
      List<ReprotectStatus> items =
          statusesOf(refs.subList(from, to)).stream()
              .filter(s -> state == null || s.state() == state)
              .toList();
      return new ReprotectionPage(items, page, size, refs.size());
    }
    List<ReprotectionRef> candidates = index.all(WORKFLOW_TYPE);
    if (plan != null) {
      Optional<Set<String>> members = machinesOfPlan(plan);
      if (members.isPresent()) {
        candidates =
            candidates.stream().filter(ref -> members.get().contains(ref.workflowId())).toList();
      }
    }
    List<ReprotectStatus> matching =
        statusesOf(candidates).stream()
            .filter(s -> state == null || s.state() == state)
            .filter(s -> plan == null || plan.equals(s.plan()))
            .toList();
    int from = (int) Math.min((long) page * size, matching.size());
    int to = Math.min(from + size, matching.size());
    return new ReprotectionPage(matching.subList(from, to), page, size, matching.size());
  }

  /**
   * The visibility query for a state and a plan (null: none). A state is the search attribute the
   * workflow keeps, checked against how the execution ended: a running state only while it runs,
   * and a run that was terminated or timed out is FAILED whatever its last state said.
   */
  static String visibilityFilter(ReprotectState state, String plan) {
    List<String> clauses = new ArrayList<>();
    if (plan != null) {
      clauses.add(ReprotectSearchAttributes.PLAN.getName() + " = " + WorkflowIndex.quote(plan));
    }
    if (state != null) {
      String attribute =
          ReprotectSearchAttributes.STATE.getName() + " = " + WorkflowIndex.quote(state.name());
      clauses.add(
          switch (state) {
            case PROTECTED -> "ExecutionStatus = 'Completed' AND " + attribute;
            case FAILED ->
                "ExecutionStatus IN ('Failed', 'Terminated', 'TimedOut') OR " + attribute;
            case CANCELLED -> "ExecutionStatus = 'Canceled' OR " + attribute;
            default -> "ExecutionStatus = 'Running' AND " + attribute;
          });
    }
    return clauses.isEmpty()
        ? null
        : clauses.stream().map(c -> "(" + c + ")").collect(Collectors.joining(" AND "));
  }

  /**
   * The reprotection ids of a plan's machines, from the plan workflow's status query; empty when
   * that cannot be asked (no plan workflow, or it does not answer), and the caller then reads every
   * status to filter by plan, as before.
   */
  private Optional<Set<String>> machinesOfPlan(String plan) {
    try {
      PlanStatus status =
          temporal
              .client()
              .newWorkflowStub(
                  RecoveryPlanWorkflow.class,
                  RecoveryPlanRequest.workflowIdFor(plan),
                  Optional.empty())
              .status();
      if (status == null || status.machines() == null) {
        return Optional.empty();
      }
      return Optional.of(
          status.machines().stream().map(MachineSummary::id).collect(Collectors.toSet()));
    } catch (WorkflowException | StatusRuntimeException unanswered) {
      return Optional.empty();
    }
  }

  /**
   * The statuses of these reprotections, in their order, read {@value #CONCURRENT_READS} at a time
   * (a list costs a few round trips of latency, not one per item, without flooding Temporal); gone
   * ones left out.
   */
  private List<ReprotectStatus> statusesOf(List<ReprotectionRef> refs) {
    List<ReprotectStatus> read = new ArrayList<>(refs.size());
    for (int from = 0; from < refs.size(); from += CONCURRENT_READS) {
      List<CompletableFuture<ReprotectStatus>> batch =
          refs.subList(from, Math.min(from + CONCURRENT_READS, refs.size())).stream()
              .map(ref -> statusAsync(ref.workflowId()).exceptionally(gone -> null))
              .toList();
      batch.stream().map(CompletableFuture::join).filter(Objects::nonNull).forEach(read::add);
    }
    return read;
  }

  /**
   * Requests cancellation of a running reprotection, naming {@code by} in the request's reason (its
   * history's cancel event says who, and so does its status once cancelled); its workflow
   * compensates. The answer is the status as it was, with {@code cancelledBy}.
   */
  public ReprotectStatus cancel(String id, String by) {
    DescribeWorkflowExecutionResponse described = existing(id);
    if (!running(described)) {
      ReprotectStatus status = statuses.read(described);
      throw ApiProblem.notRunning(id, status.state() == null ? "closed" : status.state().name());
    }
    temporal.client().newUntypedWorkflowStub(id).cancel(Requester.cancelReason(by));
    LOG.info("{} cancelled by {}", id, by);
    return statuses.read(described).withCancelledBy(by);
  }

  /** The latest run's event history as Temporal's JSON export (replayable by WorkflowReplayer). */
  public String history(String id) {
    DescribeWorkflowExecutionResponse described = existing(id);
    WorkflowExecutionHistory history =
        temporal
            .client()
            .fetchHistory(id, described.getWorkflowExecutionInfo().getExecution().getRunId());
    return history.toJson(true);
  }

  private DescribeWorkflowExecutionResponse existing(String id) {
    return describe(id).orElseThrow(() -> ApiProblem.notFound("no reprotection " + id));
  }

  /** A reprotection workflow of that id; other workflow types are not reprotections. */
  private Optional<DescribeWorkflowExecutionResponse> describe(String id) {
    return temporal.describe(id).filter(Reprotections::isReprotection);
  }

  private static boolean isReprotection(DescribeWorkflowExecutionResponse described) {
    return WORKFLOW_TYPE.equals(described.getWorkflowExecutionInfo().getType().getName());
  }

  private static boolean running(DescribeWorkflowExecutionResponse described) {
    return described.getWorkflowExecutionInfo().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }
}
