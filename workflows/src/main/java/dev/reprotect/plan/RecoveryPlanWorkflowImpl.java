package dev.reprotect.plan;

import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.ErrorInfo;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.Retries;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import dev.reprotect.visibility.Requester;
import dev.reprotect.visibility.SearchAttributeUpdates;
import dev.reprotect.visibility.WorkflowMetrics;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalException;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowCancellationType;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * Reprotect a recovery plan, as the runbook reads: validate the plan (every rule for every machine,
 * and the plan rules), leave out the machines already protected, then reprotect the rest one child
 * {@code ReprotectWorkflow} per machine through a bounded window, until every machine has finished.
 * The plan ends PROTECTED when every machine is, FAILED when some are not (start it again to retry
 * only those), CANCELLED when cancelled (its running machines are cancelled and compensated first).
 *
 * <p>Its own history stays bounded: only the child events themselves per machine (no activity per
 * machine), and before the history would pass {@link #HISTORY_BUDGET} events the plan continues as
 * new carrying what finished and, since {@link #CARRIES_IN_FLIGHT}, which machines still run (they
 * go on; the next run follows them). Runs before it stopped starting machines and waited for the
 * running ones first.
 */
public class RecoveryPlanWorkflowImpl implements RecoveryPlanWorkflow {

  private static final Logger LOG = Workflow.getLogger(RecoveryPlanWorkflowImpl.class);

  // ---- Timeouts, windows and limits: every one of them, here. ----

  /**
   * The plan's preflight reads the sites for every machine (2,000 at most): minutes, not seconds.
   * Transient faults (configuration server, vCenter) are retried for 15 minutes, as VALIDATE does.
   */
  static final ActivityOptions VALIDATE_PLAN =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(1)))
          .build();

  /** Describing 2,000 executions in Temporal takes well under a minute; a blip is retried. */
  static final ActivityOptions READ_TEMPORAL =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(1)))
          .build();

  /**
   * The widest window a plan may ask for. Temporal refuses more than 2,000 pending children per
   * workflow; 500 stays far below it, and bounds how many machines a continued run carries.
   */
  static final int MAX_IN_FLIGHT = 500;

  /**
   * A run of the plan's workflow aims to end by this many history events. Temporal warns at 10,240;
   * the 2,240 left over take signals (pause, resume, cancel) and the last workflow tasks.
   */
  static final int HISTORY_BUDGET = 8_000;

  /**
   * The most events one running child may still add before a run ends: its started and closed
   * events and the two workflow tasks they wake (three events each). Runs before {@link
   * #CARRIES_IN_FLIGHT} waited for every running child; now only their starts are waited for.
   */
  static final int EVENTS_PER_IN_FLIGHT_CHILD = 8;

  /**
   * Each machine a child {@code reprotect-{vm}}.
   *
   * <p>Parent-close policy REQUEST_CANCEL in runs before {@link #CHILDREN_OUTLIVE_THE_PLAN},
   * ABANDON since: a plan terminated or reset no longer rolls back its running machines. Temporal
   * applied the old policy when a run continued as new too, so runs before {@link
   * #CARRIES_IN_FLIGHT} waited for their window before they did.
   *
   * <p>Cancellation WAIT_CANCELLATION_COMPLETED: a cancelled plan ends only once every machine has
   * finished its compensation, so CANCELLED means "nothing left half done".
   *
   * <p>Id reuse ALLOW_DUPLICATE_FAILED_ONLY: a machine whose earlier reprotection failed or was
   * cancelled runs again under the same id; a protected one (its run completed) never runs twice.
   */
  static final ChildWorkflowOptions CHILD =
      ChildWorkflowOptions.newBuilder()
          .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
          .setCancellationType(ChildWorkflowCancellationType.WAIT_CANCELLATION_COMPLETED)
          .setWorkflowIdReusePolicy(
              WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
          .build();

  /**
   * Runs before it (no marker) rethrew a failure outside validation unshown; version 1 shows it.
   */
  static final String FAILS_VISIBLY = "plan-fails-visibly";

  /**
   * Runs before it (no marker) continued as new carrying every machine's request, placement and
   * finished summary in full (1.2 MiB at 2,000 machines, P7); version 1 carries them compact.
   */
  static final String COMPACT_CARRY = "plan-compact-carry";

  /**
   * Runs before it (no marker) took "already protected" from Temporal (a COMPLETED {@code
   * reprotect-{vm}} within retention) and never ran a machine twice; version 1 asks the site (its
   * replicated items protected back on-premises), and so may run again a machine whose earlier
   * reprotection completed but whose replication is gone.
   */
  static final String SITE_DECIDES_PROTECTED = "plan-site-decides-protected";

  /** See {@link #childrenOutliveThePlan()}. */
  static final String CHILDREN_OUTLIVE_THE_PLAN = "plan-children-outlive-the-plan";

  /**
   * Runs before it (no marker) stopped starting machines near the history budget and waited for
   * every running one before continuing as new: a machine synchronizing for days held the whole
   * plan. Version 1 continues as new at once, its running machines ABANDONed (they go on) and
   * carried as in flight; the next run starts machines beside them and hears how each ends from the
   * FollowMachines activity, by signal.
   */
  static final String CARRIES_IN_FLIGHT = "plan-carries-in-flight";

  /**
   * FollowMachines waits as long as the slowest machine a continued run carries: a SYNCHRONIZE of
   * up to a week, so a bound past it. It heartbeats every few seconds, so a lost worker is noticed
   * within a minute and another picks the following up.
   */
  static final ActivityOptions FOLLOW =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofDays(8))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(1)))
          .build();

  // ---- Stubs. ----

  private final PlanPreflightActivities preflight =
      Workflow.newActivityStub(PlanPreflightActivities.class, VALIDATE_PLAN);
  private final PlanActivities temporal =
      Workflow.newActivityStub(PlanActivities.class, READ_TEMPORAL);
  private final PlanActivities follower = Workflow.newActivityStub(PlanActivities.class, FOLLOW);

  // ---- State. ----

  private PlanTracker status;
  private SearchAttributeUpdates searchAttributes;

  /**
   * A pause or resume signalled before the plan's status existed (the first workflow task), and by
   * whom.
   */
  private Boolean pausedBeforeStart;

  private String pausedBeforeStartBy;
  private PlanOptions options;

  /** Running children by machine, in start order. */
  private final Map<String, Promise<ReprotectStatus>> inFlight = new LinkedHashMap<>();

  private final Map<String, Integer> inFlightPerProcessServer = new HashMap<>();

  /** Each running child's start: a run continues as new only once every child has started. */
  private final Map<String, Promise<WorkflowExecution>> starts = new HashMap<>();

  /** Machines an earlier run started and this one follows until they end (since v1 of carry). */
  private final Map<String, ReprotectRequest> carried = new LinkedHashMap<>();

  /** Endings signalled before this run loaded what it carries. */
  private final List<MachineSummary> endedBeforeLoad = new ArrayList<>();

  private boolean carriedLoaded;
  private boolean carriesInFlight;

  /** Bumped by every finished machine and every signal: what the plan waits on. */
  private int changes;

  @Override
  public PlanStatus reprotect(RecoveryPlanRequest request) {
    options = window(request.options());
    status =
        new PlanTracker(Workflow.getInfo().getWorkflowId(), request, now(), Requester.startedBy());
    searchAttributes = SearchAttributeUpdates.forThisRun();
    if (pausedBeforeStart != null) {
      status.pause(pausedBeforeStart, pausedBeforeStartBy);
    }
    try {
      if (request.carried() == null) {
        validate(request);
        status.groups(preflight.replicationGroups(request));
        leaveOutEarlierReprotections(request);
        status.running();
      }
      showState();
      reprotectThroughWindow(request);
      status.end(now());
      ended(null);
      return status.snapshot(now());
    } catch (TemporalFailure failure) {
      if (!CancellationScope.current().isCancelRequested()) {
        // A failure outside validation (e.g. a site read that outlasted its retries): the status,
        // the search attributes and the end metric say so too. Runs before this (no marker) only
        // rethrew.
        boolean showsFailure = Workflow.getVersion(FAILS_VISIBLY, Workflow.DEFAULT_VERSION, 1) >= 1;
        if (showsFailure && status.snapshot(now()).state() != PlanState.FAILED) {
          ErrorInfo error = MachineEndings.errorOf(failure);
          status.fail(error, now());
          ended(Rule.idOf(error.rule()));
        }
        throw failure;
      }
      // Cancelled: the running children were asked to cancel with this scope; wait until each has
      // compensated, then end CANCELLED.
      String cancelledBy =
          Requester.cancelledBy(CancellationScope.current().getCancellationReason());
      Workflow.newDetachedCancellationScope(
              () -> {
                cancelCarried();
                Workflow.await(() -> inFlight.isEmpty() && carried.isEmpty());
              })
          .run();
      status.cancel(now(), cancelledBy);
      ended(null);
      throw failure instanceof CanceledFailure cancelled
          ? cancelled
          : new CanceledFailure("reprotection of recovery plan " + request.plan() + " cancelled");
    }
  }

  @Override
  public PlanStatus status() {
    return status == null ? null : status.snapshot(now());
  }

  @Override
  public PlanMachines machines(int from) {
    return status == null ? null : status.page(from);
  }

  @Override
  public void pause(String by) {
    if (status != null) {
      status.pause(true, by);
      showState();
    } else {
      pausedBeforeStart = true;
      pausedBeforeStartBy = by;
    }
    changes++;
  }

  @Override
  public void resume(String by) {
    if (status != null) {
      status.pause(false, by);
      showState();
    } else {
      pausedBeforeStart = false;
      pausedBeforeStartBy = by;
    }
    changes++;
  }

  @Override
  public void machineEnded(MachineSummary ended) {
    if (!carriedLoaded) {
      endedBeforeLoad.add(ended);
      return;
    }
    ReprotectRequest machine = carried.remove(ended.replicatedItem());
    if (machine == null) {
      return; // not followed by this run: ended before it, or told twice
    }
    inFlightPerProcessServer.merge(machine.processServer(), -1, Integer::sum);
    status.childFinished(ended);
    WorkflowMetrics.planProgress(status.plan(), status.progressPercent());
    changes++;
  }

  // ---- The runbook's steps. ----

  /**
   * VALIDATE: every rule for every machine and the plan rules. Any violation no retry can cure
   * fails the plan before anything changes, typed by the first rule, every violation in its
   * details; transient ones alone do not block (each machine's VALIDATE retries them).
   */
  private void validate(RecoveryPlanRequest request) {
    PreflightReport report = preflight.preflightPlan(request);
    if (!report.hasRuleViolations()) {
      return;
    }
    List<Violation> all = new ArrayList<>();
    report.violations().stream().filter(v -> !v.rule().retryable()).forEach(all::add);
    report.violations().stream().filter(v -> v.rule().retryable()).forEach(all::add);
    ApplicationFailure failure = RuleFailures.nonRetryable(all);
    Violation first = all.get(0);
    status.failValidation(
        new ErrorInfo(first.rule(), failure.getOriginalMessage(), first.fix(), null, all), now());
    ended(first.rule().name());
    throw failure;
  }

  /**
   * Machines the site lists as protected back on-premises are protected already (an earlier run of
   * this plan, a single reprotect, or another tool): no child. Runs before {@link
   * #SITE_DECIDES_PROTECTED} took it from Temporal's history instead, which forgets a protection
   * after its retention and remembers one the site has since lost. One that runs now, outside this
   * run of the plan, is not started a second time (Temporal allows one run per id) and not waited
   * for (a reprotection may synchronize for days, and a wait per machine would cost the plan's
   * history): it is reported FAILED with who runs it, and starting the plan again once it ends
   * counts it if it protected.
   */
  private void leaveOutEarlierReprotections(RecoveryPlanRequest request) {
    boolean siteDecides = siteDecidesProtected();
    EarlierReprotections earlier = temporal.earlierReprotections(request);
    List<String> protectedAlready =
        siteDecides ? preflight.protectedAlready(request) : earlier.protectedAlready();
    protectedAlready.stream()
        .filter(vm -> !earlier.runningElsewhere().containsKey(vm))
        .sorted()
        .forEach(status::alreadyProtected);
    new TreeMap<>(earlier.runningElsewhere())
        .forEach(
            (vm, by) ->
                status.refuse(
                    vm,
                    new ErrorInfo(
                        null,
                        ReprotectRequest.workflowIdFor(vm)
                            + " is already running, started "
                            + (by == null || by.isEmpty() ? "on its own" : "by " + by)
                            + "; the plan does not start it twice",
                        "wait until it ends, then start the plan again: it counts the machine if it was protected",
                        null,
                        null)));
  }

  /**
   * REPROTECT: start machines while the window (and each process server's share of it) has room and
   * the plan is not paused; record each as it finishes. Near the history budget, continue as new
   * carrying the running machines (runs before {@link #CARRIES_IN_FLIGHT}: stop starting, let the
   * running ones finish, then continue as new with what finished).
   */
  private void reprotectThroughWindow(RecoveryPlanRequest request) {
    carriesInFlight = Workflow.getVersion(CARRIES_IN_FLIGHT, Workflow.DEFAULT_VERSION, 1) >= 1;
    followCarried();
    LinkedList<ReprotectRequest> waiting = new LinkedList<>();
    status.requests().stream()
        .filter(
            m -> !status.isFinished(m.replicatedItem()) && !carried.containsKey(m.replicatedItem()))
        .forEach(waiting::add);

    while (!waiting.isEmpty() || !inFlight.isEmpty() || !carried.isEmpty()) {
      boolean budgetSpent = historyBudgetSpent();
      if (budgetSpent && carriesInFlight) {
        continueAsNewCarrying(request);
      }
      if (!budgetSpent && !status.paused()) {
        startWhatFits(waiting, request.plan());
      }
      if (budgetSpent && inFlight.isEmpty()) {
        continueAsNew(request, null);
      }
      if (waiting.isEmpty() && inFlight.isEmpty() && carried.isEmpty()) {
        break;
      }
      int seen = changes;
      Workflow.await(() -> changes != seen);
    }
  }

  /**
   * The machines an earlier run left running: counted in the window, and followed to their end by
   * the FollowMachines activity (detached: a cancelled plan still hears them end).
   */
  private void followCarried() {
    Map<String, ReprotectRequest> byMachine = new HashMap<>();
    status.requests().forEach(m -> byMachine.put(m.replicatedItem(), m));
    for (String vm : status.carriedInFlight()) {
      ReprotectRequest machine = byMachine.get(vm);
      if (machine != null) {
        carried.put(vm, machine);
        inFlightPerProcessServer.merge(machine.processServer(), 1, Integer::sum);
      }
    }
    carriedLoaded = true;
    endedBeforeLoad.forEach(this::machineEnded);
    endedBeforeLoad.clear();
    if (!carried.isEmpty()) {
      FollowMachines follow =
          new FollowMachines(Workflow.getInfo().getWorkflowId(), List.copyOf(carried.keySet()));
      Workflow.newDetachedCancellationScope(() -> Async.procedure(follower::followMachines, follow))
          .run();
    }
  }

  /**
   * Near the history budget: continue as new now, the running machines going on (ABANDONed) and
   * carried as in flight. Only once each has started: a child whose start the server has not
   * recorded when the run closes is never started.
   */
  private void continueAsNewCarrying(RecoveryPlanRequest request) {
    Workflow.await(() -> starts.values().stream().allMatch(Promise::isCompleted));
    List<String> running = new ArrayList<>(carried.keySet());
    inFlight.keySet().stream()
        .filter(vm -> starts.get(vm) == null || starts.get(vm).getFailure() == null)
        .forEach(running::add);
    continueAsNew(request, running);
  }

  /** The next run goes on where this one stops, with what it needs and no more. */
  private void continueAsNew(RecoveryPlanRequest request, List<String> running) {
    boolean compact = Workflow.getVersion(COMPACT_CARRY, Workflow.DEFAULT_VERSION, 1) >= 1;
    Workflow.continueAsNew(
        compact
            ? new RecoveryPlanRequest(
                request.plan(), List.of(), request.options(), status.compactProgress(running), null)
            : new RecoveryPlanRequest(
                request.plan(),
                request.machines(),
                request.options(),
                status.progress(),
                request.placement()));
  }

  private void startWhatFits(LinkedList<ReprotectRequest> waiting, String plan) {
    int perServer = options.maxPerProcessServer();
    Iterator<ReprotectRequest> next = waiting.iterator();
    while (inFlight.size() + carried.size() < options.maxInFlight() && next.hasNext()) {
      ReprotectRequest machine = next.next();
      if (perServer > 0
          && inFlightPerProcessServer.getOrDefault(machine.processServer(), 0) >= perServer) {
        continue;
      }
      next.remove();
      start(machine.inPlan(plan));
    }
  }

  private void start(ReprotectRequest machine) {
    String vm = machine.replicatedItem();
    // The plan's starter starts its machines: the child's memo says so (a memo is no command of its
    // own).
    ChildWorkflowOptions.Builder options =
        ChildWorkflowOptions.newBuilder(CHILD)
            .setWorkflowId(machine.workflowId())
            .setMemo(Requester.memo(status.startedBy()));
    if (childrenOutliveThePlan()) {
      options.setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON);
    }
    if (siteDecidesProtected()) {
      // The site said it is not protected: a completed earlier reprotection does not stop it.
      options.setWorkflowIdReusePolicy(
          WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE);
    }
    if (searchAttributes.enabled()) {
      options.setTypedSearchAttributes(ReprotectSearchAttributes.forReprotection(machine));
    }
    ReprotectWorkflow child =
        Workflow.newChildWorkflowStub(ReprotectWorkflow.class, options.build());
    Promise<ReprotectStatus> result = Async.function(child::reprotect, machine);
    inFlight.put(vm, result);
    starts.put(vm, Workflow.getWorkflowExecution(child));
    inFlightPerProcessServer.merge(machine.processServer(), 1, Integer::sum);
    status.started(vm, now());
    result.handle(
        (done, failure) -> {
          finished(machine, done, failure);
          return null;
        });
  }

  private void finished(ReprotectRequest machine, ReprotectStatus done, RuntimeException failure) {
    String vm = machine.replicatedItem();
    inFlight.remove(vm);
    starts.remove(vm);
    inFlightPerProcessServer.merge(machine.processServer(), -1, Integer::sum);
    status.childFinished(
        failure == null ? MachineEndings.of(vm, done) : MachineEndings.of(vm, failure));
    WorkflowMetrics.planProgress(status.plan(), status.progressPercent());
    changes++;
  }

  /**
   * Cancelling the plan cancels the machines an earlier run left running too (no longer its
   * children, so not through its scope); one that has ended meanwhile is left alone.
   */
  private void cancelCarried() {
    for (String vm : List.copyOf(carried.keySet())) {
      try {
        Workflow.newUntypedExternalWorkflowStub(ReprotectRequest.workflowIdFor(vm)).cancel();
      } catch (TemporalException endedAlready) {
        LOG.info("{} was not cancelled: {}", vm, endedAlready.getMessage());
      }
    }
  }

  // ---- What the plan shows outside its status query. ----

  /** Its state (RUNNING, PAUSED) in Temporal's visibility; the status query has the rest. */
  private void showState() {
    if (searchAttributes != null) {
      searchAttributes.set(ReprotectSearchAttributes.STATE, status.snapshot(now()).state().name());
    }
  }

  /** It ended: its final state (and rule) in visibility, counted, and its progress. */
  private void ended(String rule) {
    PlanStatus shown = status.snapshot(now());
    searchAttributes.set(
        ReprotectSearchAttributes.STATE,
        shown.state().name(),
        ReprotectSearchAttributes.RULE,
        rule);
    WorkflowMetrics.planEnded(shown.state().name(), rule);
    WorkflowMetrics.planProgress(status.plan(), status.progressPercent());
  }

  // ---- Helpers. ----

  /**
   * Runs before it (no marker) started children with parent-close policy REQUEST_CANCEL: a plan
   * terminated or reset (a reset terminates the run it leaves) cancelled its running machines,
   * which rolled back days of synchronization. Version 1 ABANDONs them: they go on, each its own
   * {@code reprotect-{vm}}; cancelling the plan still cancels them (through its cancellation
   * scope), and a plan started again finds them running or protected.
   */
  private boolean childrenOutliveThePlan() {
    return Workflow.getVersion(CHILDREN_OUTLIVE_THE_PLAN, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  private boolean siteDecidesProtected() {
    return Workflow.getVersion(SITE_DECIDES_PROTECTED, Workflow.DEFAULT_VERSION, 1) >= 1;
  }

  /** Whether the history is so long that this run must end (continue as new) now. */
  private boolean historyBudgetSpent() {
    int budget = options.historyBudget() > 0 ? options.historyBudget() : HISTORY_BUDGET;
    return Workflow.getInfo().getHistoryLength()
        >= budget - (long) EVENTS_PER_IN_FLIGHT_CHILD * options.maxInFlight();
  }

  /** The plan's options, with the window within (0, {@link #MAX_IN_FLIGHT}]. */
  private static PlanOptions window(PlanOptions asked) {
    PlanOptions o = asked == null ? PlanOptions.DEFAULTS : asked;
    int window =
        o.maxInFlight() <= 0
            ? PlanOptions.DEFAULTS.maxInFlight()
            : Math.min(o.maxInFlight(), MAX_IN_FLIGHT);
    return new PlanOptions(
        window, Math.max(0, o.maxPerProcessServer()), Math.max(0, o.historyBudget()));
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
