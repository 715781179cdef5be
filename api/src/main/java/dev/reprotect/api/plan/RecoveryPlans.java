package dev.reprotect.api.plan;

import dev.reprotect.api.problem.ApiProblem;
import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.api.temporal.WorkflowFailures;
import dev.reprotect.api.watch.ProtectionWatchReader;
import dev.reprotect.placement.Placement;
import dev.reprotect.placement.PlacementWorkflow;
import dev.reprotect.plan.PlanOptions;
import dev.reprotect.plan.PlanPreflightWorkflow;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.plan.RecoveryPlanWorkflow;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import dev.reprotect.visibility.Requester;
import dev.reprotect.watch.ProtectionReadings;
import io.micronaut.context.annotation.Value;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowFailedException;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the recovery-plan endpoints do, in Temporal terms. Never reaches a site. */
@Singleton
public class RecoveryPlans {

  private static final Logger LOG = LoggerFactory.getLogger(RecoveryPlans.class);

  public static final String PATH = "/api/v1/recovery-plans";
  static final String WORKFLOW_TYPE = RecoveryPlanWorkflow.TYPE;

  private final Temporal temporal;
  private final PlanStatusReader statuses;
  private final ProtectionWatchReader watch;
  private final int maxMachines;
  private final PlanOptions options;

  public RecoveryPlans(
      Temporal temporal,
      PlanStatusReader statuses,
      ProtectionWatchReader watch,
      @Value("${reprotect.api.max-plan-machines:2000}") int maxMachines,
      @Value("${reprotect.api.plan-max-in-flight:100}") int maxInFlight,
      @Value("${reprotect.api.plan-max-per-process-server:0}") int maxPerProcessServer) {
    this.temporal = temporal;
    this.statuses = statuses;
    this.watch = watch;
    this.maxMachines = maxMachines;
    this.options = new PlanOptions(maxInFlight, maxPerProcessServer);
  }

  /** Where a plan's reprotection is read: {@code /api/v1/recovery-plans/{plan}/reprotection}. */
  public static String location(String plan) {
    return PATH + "/" + plan + "/reprotection";
  }

  public int maxMachines() {
    return maxMachines;
  }

  public PlanOptions options() {
    return options;
  }

  /** The plan workflow's request for these machines, with the configured options. */
  public RecoveryPlanRequest request(String plan, List<ReprotectRequest> machines) {
    return new RecoveryPlanRequest(plan, machines, options, null);
  }

  /**
   * Refuses while the plan runs (409), runs plan preflight and refuses rule violations (422, every
   * one naming its machine, nothing started), then starts {@code recovery-plan-{plan}}. A finished
   * plan may be started again: its workflow then retries only the machines not protected.
   */
  public PlanStatus start(RecoveryPlanRequest request, String by) {
    String id = request.workflowId();
    if (describe(id).filter(RecoveryPlans::running).isPresent()) {
      throw alreadyRunning(request.plan());
    }
    PreflightReport report = preflight(request);
    ApiProblem.refuseRuleViolations(report);
    RecoveryPlanWorkflow workflow =
        temporal
            .client()
            .newWorkflowStub(
                RecoveryPlanWorkflow.class,
                temporal.businessWorkflow(
                    id, ReprotectSearchAttributes.forPlan(request.plan()), by));
    Instant startedAt = Instant.now();
    try {
      WorkflowClient.start(workflow::reprotect, request);
    } catch (WorkflowExecutionAlreadyStarted raced) {
      throw alreadyRunning(request.plan());
    }
    LOG.info("{} started by {}", id, by);
    return describe(id)
        .map(statuses::read)
        .orElseGet(() -> PlanStatusReader.validating(request, startedAt, by));
  }

  /**
   * Proposes every machine's master target, process server, datastore and retention drive (the
   * values a machine gives are kept); 422 with each unmet constraint, its machine and its fix when
   * no assignment satisfies every rule. Nothing is changed.
   */
  public Placement place(RecoveryPlanRequest request) {
    PlacementWorkflow placement =
        temporal
            .client()
            .newWorkflowStub(PlacementWorkflow.class, temporal.shortWorkflow("placement"));
    Placement proposed;
    try {
      proposed = placement.propose(request);
    } catch (WorkflowFailedException failed) {
      throw WorkflowFailures.toProblem(failed, "placement");
    }
    if (!proposed.placed()) {
      throw ApiProblem.rules(422, proposed.violations());
    }
    return proposed;
  }

  /**
   * {@code "placement": "auto"}: refuses while the plan runs (409), places it (422 when impossible,
   * nothing started), and returns the request with every missing value filled and what placement
   * chose recorded, for {@link #start}.
   */
  public RecoveryPlanRequest placed(RecoveryPlanRequest request) {
    if (describe(request.workflowId()).filter(RecoveryPlans::running).isPresent()) {
      throw alreadyRunning(request.plan());
    }
    return request.placedBy(place(request));
  }

  /**
   * The plan's dry run: every single-VM rule for every machine and the plan rules; nothing changed.
   */
  public PreflightReport preflight(RecoveryPlanRequest request) {
    PlanPreflightWorkflow preflight =
        temporal
            .client()
            .newWorkflowStub(PlanPreflightWorkflow.class, temporal.shortWorkflow("preflight-plan"));
    try {
      return preflight.preflight(request);
    } catch (WorkflowFailedException failed) {
      throw WorkflowFailures.toProblem(failed, "plan preflight");
    }
  }

  public PlanStatus status(String plan) {
    return statuses.read(existing(plan));
  }

  /**
   * The plan's status without blocking a thread, with the protection watch's count of its machines
   * out of policy; 404 when the plan was never started.
   */
  public CompletableFuture<PlanStatus> statusAsync(String plan) {
    CompletableFuture<ProtectionReadings> readings = watch.readAsync();
    return temporal
        .describeAsync(RecoveryPlanRequest.workflowIdFor(plan))
        .thenCompose(
            described ->
                statuses.readAsync(
                    described
                        .filter(RecoveryPlans::isPlan)
                        .orElseThrow(
                            () -> ApiProblem.notFound("no reprotection of recovery plan " + plan))))
        .thenCombine(
            readings, (status, watched) -> status.withOutOfPolicy(watched.outOfPolicy(plan)));
  }

  /**
   * Requests cancellation of a running plan, naming {@code by} in the request's reason; its
   * workflow cancels its machines, which compensate. The answer is the status as it was, with
   * {@code cancelledBy}.
   */
  public PlanStatus cancel(String plan, String by) {
    DescribeWorkflowExecutionResponse described = runningOne(plan);
    String id = RecoveryPlanRequest.workflowIdFor(plan);
    temporal.client().newUntypedWorkflowStub(id).cancel(Requester.cancelReason(by));
    LOG.info("{} cancelled by {}", id, by);
    return statuses.read(described).withCancelledBy(by);
  }

  /**
   * The plan workflow's latest run's event history as Temporal's JSON export (replayable by
   * WorkflowReplayer); its machines' histories are their own reprotections'.
   */
  public String history(String plan) {
    DescribeWorkflowExecutionResponse described = existing(plan);
    return temporal
        .client()
        .fetchHistory(
            RecoveryPlanRequest.workflowIdFor(plan),
            described.getWorkflowExecutionInfo().getExecution().getRunId())
        .toJson(true);
  }

  /** Signals a running plan to start no new machine (running ones go on): {@code by} asks. */
  public PlanStatus pause(String plan, String by) {
    RecoveryPlanWorkflow workflow = runningStub(plan);
    workflow.pause(by);
    LOG.info("{} paused by {}", RecoveryPlanRequest.workflowIdFor(plan), by);
    return status(plan);
  }

  /** Signals a paused plan to start machines again: {@code by} asks. */
  public PlanStatus resume(String plan, String by) {
    RecoveryPlanWorkflow workflow = runningStub(plan);
    workflow.resume(by);
    LOG.info("{} resumed by {}", RecoveryPlanRequest.workflowIdFor(plan), by);
    return status(plan);
  }

  private RecoveryPlanWorkflow runningStub(String plan) {
    runningOne(plan);
    return temporal
        .client()
        .newWorkflowStub(
            RecoveryPlanWorkflow.class, RecoveryPlanRequest.workflowIdFor(plan), Optional.empty());
  }

  private DescribeWorkflowExecutionResponse runningOne(String plan) {
    DescribeWorkflowExecutionResponse described = existing(plan);
    if (!running(described)) {
      PlanStatus status = statuses.read(described);
      throw ApiProblem.notRunning(
          RecoveryPlanRequest.workflowIdFor(plan),
          status.state() == null ? "closed" : status.state().name());
    }
    return described;
  }

  private static ApiProblem alreadyRunning(String plan) {
    String id = RecoveryPlanRequest.workflowIdFor(plan);
    return ApiProblem.alreadyRunning(
        id,
        location(plan),
        "Recovery plan already running",
        id + " is running; one reprotection per recovery plan at a time");
  }

  private DescribeWorkflowExecutionResponse existing(String plan) {
    return describe(RecoveryPlanRequest.workflowIdFor(plan))
        .orElseThrow(() -> ApiProblem.notFound("no reprotection of recovery plan " + plan));
  }

  /** A plan workflow of that id; other workflow types are not plan reprotections. */
  private Optional<DescribeWorkflowExecutionResponse> describe(String id) {
    return temporal.describe(id).filter(RecoveryPlans::isPlan);
  }

  private static boolean isPlan(DescribeWorkflowExecutionResponse described) {
    return WORKFLOW_TYPE.equals(described.getWorkflowExecutionInfo().getType().getName());
  }

  private static boolean running(DescribeWorkflowExecutionResponse described) {
    return described.getWorkflowExecutionInfo().getStatus()
        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
  }
}
