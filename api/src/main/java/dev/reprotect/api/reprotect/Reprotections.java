package dev.reprotect.api.reprotect;

import dev.reprotect.api.problem.ApiProblem;
import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.api.temporal.WorkflowFailures;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.PreflightWorkflow;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import io.temporal.common.WorkflowExecutionHistory;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What the reprotection endpoints do, in Temporal terms. Never reaches a site. */
@Singleton
public class Reprotections {

  public static final String PATH = "/api/v1/reprotections";
  static final String WORKFLOW_TYPE = "Reprotect";

  private final Temporal temporal;
  private final StatusReader statuses;
  private final ReprotectionIndex index;
  public Reprotections(Temporal temporal, StatusReader statuses, ReprotectionIndex index) {
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
  public Started start(ReprotectRequest request) {
    String id = request.workflowId();
    if (describe(id).filter(Reprotections::running).isPresent()) {
      throw ApiProblem.alreadyRunning(id, location(id));
    }
    PreflightReport report = preflight(request);
    ApiProblem.refuseRuleViolations(report);
    ReprotectWorkflow workflow = temporal.client().newWorkflowStub(
        ReprotectWorkflow.class, temporal.businessWorkflow(id, ReprotectSearchAttributes.forReprotection(request)));
    Instant startedAt = Instant.now();
    try {
      WorkflowClient.start(workflow::reprotect, request);
    } catch (WorkflowExecutionAlreadyStarted raced) {
      throw ApiProblem.alreadyRunning(id, location(id));
    }
    ReprotectStatus status = describe(id)
        .map(statuses::read)
        .orElseGet(() -> StatusReader.validating(id, startedAt));
    return new Started(id, status);
  }

  /** The dry run: every rule checked, nothing changed. */
  public PreflightReport preflight(ReprotectRequest request) {
    PreflightWorkflow preflight =
        temporal.client().newWorkflowStub(PreflightWorkflow.class, temporal.shortWorkflow("preflight"));
    try {
      return preflight.preflight(request);
    } catch (WorkflowFailedException failed) {
      throw WorkflowFailures.toProblem(failed, "preflight");
    }
  }

  /**
   * A reprotection's status, read without blocking a thread: the status query and the describe
   * (for the running step's live attempt and progress) go out at once, so the read costs one round
   * trip of latency (PERFORMANCE.md, P5); 404 when there is no such reprotection.
   */
  public CompletableFuture<ReprotectStatus> statusAsync(String id) {
    CompletableFuture<Optional<ReprotectStatus>> queried = statuses.queryAsync(id);
    return temporal.describeAsync(id).thenCombine(queried, (described, answer) -> statuses.read(
        described.filter(Reprotections::isReprotection).orElseThrow(() -> ApiProblem.notFound("no reprotection " + id)),
        answer));
  }

  /** Newest first; filtered by state and plan (from each status), then paged. */
  public ReprotectionPage list(ReprotectState state, String plan, int page, int size) {
    List<ReprotectionRef> refs = index.all();
    if (state == null && plan == null) {
      int from = (int) Math.min((long) page * size, refs.size());
      int to = Math.min(from + size, refs.size());
      List<ReprotectStatus> items = refs.subList(from, to).stream()
          .map(this::statusOf).filter(Objects::nonNull).toList();
      return new ReprotectionPage(items, page, size, refs.size());
    }
    List<ReprotectStatus> matching = refs.stream()
        .map(this::statusOf)
        .filter(Objects::nonNull)
        .filter(s -> state == null || s.state() == state)
        .filter(s -> plan == null || plan.equals(s.plan()))
        .toList();
    int from = (int) Math.min((long) page * size, matching.size());
    int to = Math.min(from + size, matching.size());
    return new ReprotectionPage(matching.subList(from, to), page, size, matching.size());
  }

  /** Requests cancellation of a running reprotection; its workflow compensates. */
  public ReprotectStatus cancel(String id) {
    DescribeWorkflowExecutionResponse described = existing(id);
    if (!running(described)) {
      ReprotectStatus status = statuses.read(described);
      throw ApiProblem.notRunning(id, status.state() == null ? "closed" : status.state().name());
    }
    temporal.client().newUntypedWorkflowStub(id).cancel();
    return statuses.read(described);
  }

  /** The latest run's event history as Temporal's JSON export (replayable by WorkflowReplayer). */
  public String history(String id) {
    DescribeWorkflowExecutionResponse described = existing(id);
    WorkflowExecutionHistory history = temporal.client().fetchHistory(
        id, described.getWorkflowExecutionInfo().getExecution().getRunId());
    return history.toJson(true);
  }

  private ReprotectStatus statusOf(ReprotectionRef ref) {
    return describe(ref.workflowId()).map(statuses::read).orElse(null);
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
