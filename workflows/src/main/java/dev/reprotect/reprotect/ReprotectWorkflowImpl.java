package dev.reprotect.reprotect;

import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.preflight.Validation;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import dev.reprotect.visibility.Requester;
import dev.reprotect.visibility.SearchAttributeUpdates;
import dev.reprotect.visibility.WorkflowMetrics;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Reprotect, as the runbook reads: validate, wait for the agent, merge snapshots, power off, attach
 * disks, start replication, synchronize. Each step is one activity call; compensation is registered
 * before the step that needs it and runs on failure and on cancel (the on-premises VM stays off, as
 * the documents require). Attaching disks first reserves the VM's disk slots on the master target
 * (at most 60 disks at once across every reprotection), waiting in line if needed; the slots are
 * released with the disks, or committed once the VM is protected.
 */
public class ReprotectWorkflowImpl implements ReprotectWorkflow {

  private static final Logger LOG = Workflow.getLogger(ReprotectWorkflowImpl.class);

  // ---- Timeouts and retry policies: every one of them, here. ----

  /** The documents give a booted replica's agent up to 15 minutes to register. */
  static final Duration AGENT_REGISTRATION_BOUND = Duration.ofMinutes(15);

  /**
   * Between two WAIT_FOR_AGENT attempts. A registration that lands just after an attempt's last
   * poll is seen by the next attempt's first poll: at most this plus one poll interval (1 s) later,
   * so the workflow moves on within 5 s of the agent registering. Retries cost server calls but no
   * history events.
   */
  static final Duration AGENT_RETRY_INTERVAL = Duration.ofSeconds(3);

  /**
   * VALIDATE reads the sites. Transient faults (configuration server, vCenter, a retention drive
   * not listed yet) are retried for 15 minutes, the longest the documents say such a state lasts.
   */
  public static final ActivityOptions VALIDATE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(1)))
          .build();

  /**
   * WAIT_FOR_AGENT: one attempt polls for about a minute while heartbeating, then fails with the
   * retryable AGENT_NOT_REGISTERED; the server retries it until the 15-minute bound. Server-side
   * retries write no events, so the wait costs O(1) history whatever its length. Retries come every
   * {@link #AGENT_RETRY_INTERVAL}.
   */
  public static final ActivityOptions WAIT_FOR_AGENT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(3))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(AGENT_REGISTRATION_BOUND)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(AGENT_RETRY_INTERVAL)
                  .setBackoffCoefficient(1.0)
                  .build())
          .build();

  /**
   * vCenter steps (merge, power off, attach) wait for vCenter tasks while heartbeating. One attempt
   * may wait the vCenter adapter's whole task timeout ({@code reprotect.site.vcenter.task-timeout},
   * 1 h) plus its reads, so an attempt is never timed out while its task still runs (a retry would
   * start a second snapshot removal beside the first); a dead worker is noticed by the heartbeat
   * timeout instead. A disconnected vCenter is retried with backoff for the rest of two hours
   * before the step fails by rule.
   */
  static final Duration VCENTER_TASK_BUDGET = Duration.ofMinutes(70);

  public static final ActivityOptions VCENTER_STEP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(VCENTER_TASK_BUDGET)
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setScheduleToCloseTimeout(Duration.ofHours(2))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(2)))
          .build();

  /**
   * START_REPLICATION reads, then starts replication and follows its job for up to 3 minutes
   * ({@code reprotect.site.azure.start-follow}). One ARM call may take 5 minutes with its in-call
   * retries (4 attempts of 30 s, Retry-After up to 60 s between them), so an attempt gets 10; it
   * heartbeats throughout (also while a call waits), so a dead worker is noticed within a minute.
   * Its transient faults get an hour.
   */
  public static final ActivityOptions START_REPLICATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setScheduleToCloseTimeout(Duration.ofHours(1))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(2)))
          .build();

  /**
   * SYNCHRONIZE follows replication until protected: anything from 0 bytes to every disk's size, so
   * the bound is generous (a week). It heartbeats its progress at every poll (seconds apart); the
   * SDK forwards a heartbeat at most every 0.8 x the heartbeat timeout, so 10 s keeps the progress
   * the API shows at most 8 s old, and a lost (killed) worker is noticed within 10 s; the retry, on
   * any worker, resumes from the last heartbeat. One replication read can outlast 10 s (an ARM call
   * with its retries and Retry-After: up to 5 minutes); the activity keeps heartbeating its last
   * progress every 3 s while it waits ({@code Heartbeating}), so a slow call is never taken for a
   * dead worker.
   */
  public static final ActivityOptions SYNCHRONIZE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofDays(7))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofDays(7))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(10), Duration.ofMinutes(5)))
          .build();

  /**
   * REQUEST_SLOTS (and ReserveSlots) reads the master target's attached disks and asks its slots
   * workflow: quick, so short attempts; a disconnected vCenter is retried for 15 minutes, like
   * validation. A wait in line for the grant that follows is a signal, not this activity.
   */
  public static final ActivityOptions REQUEST_SLOTS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
          .build();

  /**
   * SettleSlots ({@link SlotReservation#RESERVES_BY_UPDATE}) and, since {@link
   * SlotReservation#RESERVES_BY_LOCAL_UPDATE}, the ask (ReserveSlots), as local activities: one
   * signal or one update the ledger answers at once, so short attempts, retried for 15 minutes as
   * REQUEST_SLOTS is.
   */
  static final LocalActivityOptions RESERVE_SLOTS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
          .build();

  /** Compensation must finish even while a fault lasts: half an hour of retries. */
  static final ActivityOptions COMPENSATE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setScheduleToCloseTimeout(Duration.ofMinutes(30))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(1)))
          .build();

  // ---- Stubs. ----

  private final PreflightActivities validation =
      Workflow.newActivityStub(PreflightActivities.class, VALIDATE);
  private final ReprotectActivities agent =
      Workflow.newActivityStub(ReprotectActivities.class, WAIT_FOR_AGENT);
  private final ReprotectActivities vcenter =
      Workflow.newActivityStub(ReprotectActivities.class, VCENTER_STEP);
  private final ReprotectActivities replication =
      Workflow.newActivityStub(ReprotectActivities.class, START_REPLICATION);
  private final ReprotectActivities synchronization =
      Workflow.newActivityStub(ReprotectActivities.class, SYNCHRONIZE);
  private final ReprotectActivities compensation =
      Workflow.newActivityStub(ReprotectActivities.class, COMPENSATE);
  private final SlotReservation.Ledger ledger;

  public ReprotectWorkflowImpl() {
    this(SlotReservation.ASK_AGAIN_AFTER);
  }

  /** For tests: ask a silent master target again sooner. */
  public ReprotectWorkflowImpl(Duration askAgainAfter) {
    this.ledger =
        new SlotReservation.Ledger(
            Workflow.newActivityStub(CapacityActivities.class, REQUEST_SLOTS),
            Workflow.newLocalActivityStub(CapacityActivities.class, RESERVE_SLOTS),
            askAgainAfter);
  }

  private StatusTracker status;

  /** This run's disk slots, from the step before ATTACH_DISKS on. */
  private SlotReservation slots;

  private SearchAttributeUpdates searchAttributes;

  @Override
  public ReprotectStatus reprotect(ReprotectRequest request) {
    status =
        new StatusTracker(
            Workflow.getInfo().getWorkflowId(), request, now(), Requester.startedBy());
    searchAttributes = SearchAttributeUpdates.forThisRun();
    String vm = request.replicatedItem();
    Undo undo = new Undo(vm, request.masterTarget(), compensation);
    try {
      ResolvedTarget target = validate(request);

      step(Step.WAIT_FOR_AGENT, () -> agent.waitForAgent(new WaitForAgentRequest(vm)));

      if (target.onPremVm() == null) {
        status.skip(Step.MERGE_SNAPSHOTS, "no on-premises VM: alternate-location recovery", now());
        status.skip(Step.POWER_OFF, "no on-premises VM: alternate-location recovery", now());
      } else {
        onPremVmSteps(vm, target.onPremVm());
      }

      slots = SlotReservation.of(ledger, request, target.disks().size());
      undo.slotsMayBeReserved(slots);
      undo.disksMayBeAttached(target.disks().size());
      begin(Step.ATTACH_DISKS);
      slots.reserve(detail -> status.detail(Step.ATTACH_DISKS, detail));
      completed(
          Step.ATTACH_DISKS,
          vcenter.attachDisks(
              new AttachDisksRequest(
                  vm,
                  target.onPremVm(),
                  request.masterTarget(),
                  request.datastore(),
                  target.recoveryLocation())));

      undo.replicationMayRun();
      step(
          Step.START_REPLICATION,
          () ->
              replication.startReplication(
                  new StartReplicationRequest(
                      vm,
                      request.masterTarget(),
                      request.processServer(),
                      request.datastore(),
                      target.retentionDrive(),
                      FailbackPolicy.FIXED)));

      step(
          Step.SYNCHRONIZE,
          () ->
              synchronization.synchronize(
                  new SynchronizeRequest(vm, target.onPremVm(), request.masterTarget())));
      slots.commit();

      status.protect(now());
      ended(ReprotectState.PROTECTED, null);
      return status.snapshot();
    } catch (TemporalFailure failure) {
      Step failedStep = status.current();
      if (CancellationScope.current().isCancelRequested()) {
        String cancelledBy =
            Requester.cancelledBy(CancellationScope.current().getCancellationReason());
        List<String> left = compensate(undo);
        if (left.isEmpty()) {
          status.cancel(now(), cancelledBy);
          ended(ReprotectState.CANCELLED, null);
          throw failure instanceof CanceledFailure cancelled
              ? cancelled
              : new CanceledFailure("reprotection of " + vm + " cancelled");
        }
        throw undoIncomplete(
            failedStep, new ErrorInfo(null, "cancelled", null, failedStep, null), left, failure);
      }
      ErrorInfo error = errorOf(failedStep, failure);
      // FAILED is shown once compensation is done (as CANCELLED is), so that a FAILED status means
      // "nothing left half done", unless it says COMPENSATION_INCOMPLETE and names what is left.
      // Only the query's answer moves: no command changes order.
      List<String> left = compensate(undo);
      if (failedStep != null) {
        WorkflowMetrics.stepEnded(
            failedStep.name(), StepState.FAILED.name(), sinceStepBegan(failedStep));
        if (failedStep == Step.WAIT_FOR_AGENT) {
          WorkflowMetrics.agentWaited(sinceStepBegan(failedStep));
        }
      }
      if (!left.isEmpty()) {
        throw undoIncomplete(failedStep, error, left, failure);
      }
      status.fail(error, attemptsOf(failure), now());
      ended(ReprotectState.FAILED, Rule.idOf(error.rule()));
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          error.message(),
          error.rule() == null ? ProductFailure.STEP_FAILED.name() : error.rule().name(),
          failure,
          error);
    }
  }

  /**
   * The run ends FAILED as COMPENSATION_INCOMPLETE: never reported as undone while something is
   * left. The message says what is left and why the run was being undone; the rule stays the
   * cause's (null for a cancel).
   */
  private ApplicationFailure undoIncomplete(
      Step failedStep, ErrorInfo cause, List<String> left, TemporalFailure failure) {
    ProductFailure type = ProductFailure.COMPENSATION_INCOMPLETE;
    ErrorInfo error =
        new ErrorInfo(
            cause.rule(),
            "compensation incomplete, left behind: "
                + String.join("; ", left)
                + ". The run was being undone because: "
                + cause.message(),
            type.fix(),
            failedStep,
            cause.violations(),
            type.name());
    status.fail(error, attemptsOf(failure), now());
    ended(ReprotectState.FAILED, Rule.idOf(error.rule()));
    WorkflowMetrics.compensationIncomplete();
    return ApplicationFailure.newNonRetryableFailureWithCause(
        error.message(), type.name(), failure, error);
  }

  @Override
  public ReprotectStatus status() {
    return status == null ? null : status.snapshot();
  }

  @Override
  public void slotsGranted(SlotGrant grant) {
    if (slots != null) {
      slots.granted(grant);
    }
  }

  /**
   * The on-premises VM's steps before its disks are attached: merge its snapshots, then power it
   * off. The seam a changed runbook overrides (the versioning test reorders these two).
   */
  protected void onPremVmSteps(String vm, String onPremVm) {
    mergeSnapshots(vm, onPremVm);
    powerOff(vm, onPremVm);
  }

  protected final void mergeSnapshots(String vm, String onPremVm) {
    step(
        Step.MERGE_SNAPSHOTS,
        () -> vcenter.mergeSnapshots(new MergeSnapshotsRequest(vm, onPremVm)));
  }

  protected final void powerOff(String vm, String onPremVm) {
    step(Step.POWER_OFF, () -> vcenter.powerOff(new PowerOffRequest(vm, onPremVm)));
  }

  private ResolvedTarget validate(ReprotectRequest request) {
    begin(Step.VALIDATE);
    Validation passed = validation.validate(request);
    String detail =
        passed.warnings().isEmpty()
            ? "every rule passed"
            : "every rule passed; warnings: "
                + passed.warnings().stream()
                    .map(w -> w.rule().name())
                    .collect(Collectors.joining(", "));
    completed(Step.VALIDATE, detail, passed.attempt());
    return passed.target();
  }

  private void step(Step step, Supplier<StepResult> activity) {
    begin(step);
    completed(step, activity.get());
  }

  private void completed(Step step, StepResult result) {
    completed(step, result.detail(), result.attempt());
  }

  /** A step begins: the status, and the run's step and state in Temporal's visibility. */
  private void begin(Step step) {
    status.begin(step, now());
    searchAttributes.set(
        ReprotectSearchAttributes.STEP,
        step.name(),
        ReprotectSearchAttributes.STATE,
        step.state().name());
  }

  private void completed(Step step, String detail, int attempts) {
    Duration took = sinceStepBegan(step);
    status.complete(step, detail, attempts, now());
    WorkflowMetrics.stepEnded(step.name(), StepState.COMPLETED.name(), took);
    if (step == Step.WAIT_FOR_AGENT) {
      WorkflowMetrics.agentWaited(took);
    }
  }

  /** The run ended: its final state (and rule) in visibility, and counted. */
  private void ended(ReprotectState state, String rule) {
    searchAttributes.set(
        ReprotectSearchAttributes.STATE, state.name(), ReprotectSearchAttributes.RULE, rule);
    WorkflowMetrics.reprotectionEnded(state.name(), rule);
  }

  private Duration sinceStepBegan(Step step) {
    Instant began = status.startedAt(step);
    return began == null ? Duration.ZERO : Duration.between(began, now());
  }

  /** Undo what this run changed, even though the workflow itself is being cancelled. */
  private static List<String> compensate(Undo undo) {
    List<String> left = new ArrayList<>();
    Workflow.newDetachedCancellationScope(() -> left.addAll(undo.run())).run();
    return left;
  }

  /**
   * The error to report: the rule the failure names (a transient rule whose bound ran out is now a
   * rule failure with the same ID); a timeout of the agent wait is AGENT_NOT_REGISTERED.
   */
  private static ErrorInfo errorOf(Step step, TemporalFailure failure) {
    var named = RuleFailures.find(failure);
    if (named.isPresent()) {
      ErrorInfo error = ErrorInfo.of(named.get().violations(), step);
      return error.rule() != null && error.rule().retryable()
          ? new ErrorInfo(
              error.rule(),
              "still failing when the step's retry bound ran out: " + error.message(),
              error.fix(),
              step,
              error.violations())
          : error;
    }
    if (step == Step.WAIT_FOR_AGENT && hasTimeout(failure)) {
      Rule rule = Rule.AGENT_NOT_REGISTERED;
      return new ErrorInfo(
          rule,
          "the agent did not register with the configuration server within "
              + AGENT_REGISTRATION_BOUND.toMinutes()
              + " minutes",
          rule.fix(),
          step,
          null);
    }
    return new ErrorInfo(
        null,
        RuleFailures.rootMessage(failure),
        "see the step's last failure in the history",
        step,
        null);
  }

  private static int attemptsOf(TemporalFailure failure) {
    return RuleFailures.find(failure).map(RuleFailures.RuleFailure::attempt).orElse(0);
  }

  private static boolean hasTimeout(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutFailure) {
        return true;
      }
    }
    return false;
  }

  private static Instant now() {
    return Instant.ofEpochMilli(Workflow.currentTimeMillis());
  }
}
