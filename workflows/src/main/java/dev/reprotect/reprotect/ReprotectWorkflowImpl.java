package dev.reprotect.reprotect;

import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotAnswer;
import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.capacity.SlotRelease;
import dev.reprotect.capacity.SlotRequest;
import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.preflight.Validation;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import dev.reprotect.visibility.Requester;
import dev.reprotect.visibility.SearchAttributeUpdates;
import dev.reprotect.visibility.WorkflowMetrics;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalException;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * Reprotect, as the runbook reads: validate, wait for the agent, merge snapshots, power off, attach
 * disks, start replication, synchronize. Each step is one activity call; compensation is
 * registered before the step that needs it and runs on failure and on cancel (the on-premises VM
 * stays off, as the documents require). Attaching disks first reserves the VM's disk slots on the
 * master target (at most 60 disks at once across every reprotection), waiting in line if needed;
 * the slots are released with the disks, or committed once the VM is protected.
 */
public class ReprotectWorkflowImpl implements ReprotectWorkflow {

  private static final Logger log = Workflow.getLogger(ReprotectWorkflowImpl.class);

  // ---- Timeouts and retry policies: every one of them, here. ----

  /** The documents give a booted replica's agent up to 15 minutes to register. */
  static final Duration AGENT_REGISTRATION_BOUND = Duration.ofMinutes(15);

  /**
   * Between two WAIT_FOR_AGENT attempts. A registration that lands just after an attempt's last
   * poll is seen by the next attempt's first poll: at most this plus one poll interval (1 s)
   * later, so the workflow moves on within 5 s of the agent registering. Retries cost server
   * calls but no history events.
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
   * retries write no events, so the wait costs O(1) history whatever its length. Retries come
   * every {@link #AGENT_RETRY_INTERVAL}.
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
   * SYNCHRONIZE follows replication until protected: anything from 0 bytes to every disk's size,
   * so the bound is generous (a week). It heartbeats its progress at every poll (seconds apart);
   * the SDK forwards a heartbeat at most every 0.8 x the heartbeat timeout, so 10 s keeps the
   * progress the API shows at most 8 s old, and a lost (killed) worker is noticed within 10 s; the
   * retry, on any worker, resumes from the last heartbeat. One replication read can outlast 10 s
   * (an ARM call with its retries and Retry-After: up to 5 minutes); the activity keeps
   * heartbeating its last progress every 3 s while it waits ({@code Heartbeating}), so a slow call
   * is never taken for a dead worker.
   */
  public static final ActivityOptions SYNCHRONIZE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofDays(7))
          .setHeartbeatTimeout(Duration.ofSeconds(10))
          .setScheduleToCloseTimeout(Duration.ofDays(7))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(10), Duration.ofMinutes(5)))
          .build();

  /**
   * REQUEST_SLOTS reads the master target's attached disks and signals its slots workflow: quick,
   * so short attempts; a disconnected vCenter is retried for 15 minutes, like validation. The wait
   * for the grant that follows is a signal, not this activity.
   */
  public static final ActivityOptions REQUEST_SLOTS =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
          .build();

  /**
   * Runs started before disk slots existed (no marker in their history) attach without reserving;
   * version 1 reserves before ATTACH_DISKS and releases or commits after.
   */
  static final String MASTER_TARGET_SLOTS = "master-target-slots";

  static final int RESERVES_SLOTS = 1;

  /** Runs before nonces (no marker) ask once and wait; version 1 sends a nonce and asks again. */
  static final String SLOTS_NONCE = "slots-nonce";

  /**
   * How a run asks for slots. Runs without the marker send RequestSlots in the run's scope; since
   * {@link #REQUEST_NOT_CANCELLED}, the short request runs detached from the run's cancellation: a
   * cancel of the run never cancels it, so no cancel command can race its completion (Temporal's
   * in-memory server fails such a workflow task with ACTIVITY_UNKNOWN and the run stalls). The
   * cancel is seen right after, at the wait for the grant, and compensation releases the slots.
   */
  static final String SLOTS_PROTOCOL = "slots-protocol";

  static final int REQUEST_NOT_CANCELLED = 1;

  /**
   * Since this version a run asks its ledger by update from a local activity ({@link
   * #RESERVE_SLOTS}): a grant that fits comes back in that one round trip instead of an activity
   * task, a signal-with-start and a grant signal; commit and release go the same way.
   */
  static final int RESERVES_BY_UPDATE = 2;

  /**
   * ReserveSlots and SettleSlots, local activities: a vCenter read and one call to the ledger, so
   * short attempts; a disconnected vCenter is retried for 15 minutes, as REQUEST_SLOTS is.
   */
  static final LocalActivityOptions RESERVE_SLOTS =
      LocalActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
          .build();

  /** A wait for slots this long asks again (doubling each time, up to a few hours). */
  static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(10);

  static final Duration ASK_AGAIN_AT_MOST = Duration.ofHours(4);

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
  private final CapacityActivities capacity =
      Workflow.newActivityStub(CapacityActivities.class, REQUEST_SLOTS);
  private final CapacityActivities ledger =
      Workflow.newLocalActivityStub(CapacityActivities.class, RESERVE_SLOTS);

  private final Duration askAgainAfter;

  public ReprotectWorkflowImpl() {
    this(ASK_AGAIN_AFTER);
  }

  /** For tests: ask a silent master target again sooner. */
  public ReprotectWorkflowImpl(Duration askAgainAfter) {
    this.askAgainAfter = askAgainAfter;
  }

  private StatusTracker status;
  private SlotGrant grant;
  /** This run's request nonce once it asks for slots: its answer must echo it. */
  private String slotsNonce;
  /** How this run asks for slots ({@link #SLOTS_PROTOCOL}), once it asks. */
  private int slotsProtocol = Workflow.DEFAULT_VERSION;
  private SearchAttributeUpdates searchAttributes;

  @Override
  public ReprotectStatus reprotect(ReprotectRequest request) {
    status = new StatusTracker(Workflow.getInfo().getWorkflowId(), request, now(), Requester.startedBy());
    searchAttributes = SearchAttributeUpdates.forThisRun();
    String vm = request.replicatedItem();
    Undo undo = new Undo(vm, request.masterTarget(), compensation, new Undo.Slots() {
      @Override
      public void release() {
        releaseSlots(request.masterTarget(), vm);
      }

      @Override
      public void hold() {
        commitSlots(request.masterTarget(), vm);
      }
    });
    try {
      ResolvedTarget target = validate(request);

      step(Step.WAIT_FOR_AGENT, () -> agent.waitForAgent(new WaitForAgentRequest(vm)));

      if (target.onPremVm() == null) {
        status.skip(Step.MERGE_SNAPSHOTS, "no on-premises VM: alternate-location recovery", now());
        status.skip(Step.POWER_OFF, "no on-premises VM: alternate-location recovery", now());
      } else {
        step(Step.MERGE_SNAPSHOTS,
            () -> vcenter.mergeSnapshots(new MergeSnapshotsRequest(vm, target.onPremVm())));
        step(Step.POWER_OFF, () -> vcenter.powerOff(new PowerOffRequest(vm, target.onPremVm())));
      }

      boolean reservesSlots =
          Workflow.getVersion(MASTER_TARGET_SLOTS, Workflow.DEFAULT_VERSION, RESERVES_SLOTS) >= RESERVES_SLOTS;
      if (reservesSlots) {
        undo.slotsMayBeReserved();
      }
      undo.disksMayBeAttached(target.disks().size());
      step(Step.ATTACH_DISKS, () -> {
        if (reservesSlots) {
          reserveSlots(request.masterTarget(), vm, target.disks().size());
        }
        return vcenter.attachDisks(new AttachDisksRequest(
            vm, target.onPremVm(), request.masterTarget(), request.datastore(), target.recoveryLocation()));
      });

      undo.replicationMayRun();
      step(Step.START_REPLICATION,
          () -> replication.startReplication(new StartReplicationRequest(
              vm, request.masterTarget(), request.processServer(), request.datastore(),
              target.retentionDrive(), FailbackPolicy.FIXED)));

      step(Step.SYNCHRONIZE,
          () -> synchronization.synchronize(
              new SynchronizeRequest(vm, target.onPremVm(), request.masterTarget())));
      if (reservesSlots) {
        commitSlots(request.masterTarget(), vm);
      }

      status.protect(now());
      ended(ReprotectState.PROTECTED, null);
      return status.snapshot();
    } catch (TemporalFailure failure) {
      Step failedStep = status.current();
      if (CancellationScope.current().isCancelRequested()) {
        String cancelledBy = Requester.cancelledBy(CancellationScope.current().getCancellationReason());
        List<String> left = compensate(undo);
        if (left.isEmpty()) {
          status.cancel(now(), cancelledBy);
          ended(ReprotectState.CANCELLED, null);
          throw failure instanceof CanceledFailure cancelled
              ? cancelled
              : new CanceledFailure("reprotection of " + vm + " cancelled");
        }
        throw undoIncomplete(failedStep, new ErrorInfo(null, "cancelled", null, failedStep, null), left, failure);
      }
      ErrorInfo error = errorOf(failedStep, failure);
      // FAILED is shown once compensation is done (as CANCELLED is), so that a FAILED status means
      // "nothing left half done", unless it says COMPENSATION_INCOMPLETE and names what is left.
      // Only the query's answer moves: no command changes order.
      List<String> left = compensate(undo);
      if (failedStep != null) {
        WorkflowMetrics.stepEnded(failedStep.name(), StepState.FAILED.name(), sinceStepBegan(failedStep));
        if (failedStep == Step.WAIT_FOR_AGENT) {
          WorkflowMetrics.agentWaited(sinceStepBegan(failedStep));
        }
      }
      if (!left.isEmpty()) {
        throw undoIncomplete(failedStep, error, left, failure);
      }
      status.fail(error, attemptsOf(failure), now());
      ended(ReprotectState.FAILED, error.rule());
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          error.message(), error.rule() == null ? "STEP_FAILED" : error.rule(), failure, error);
    }
  }

  /**
   * The run ends FAILED as COMPENSATION_INCOMPLETE: never reported as undone while something is
   * left. The message says what is left and why the run was being undone; the rule stays the
   * cause's (null for a cancel).
   */
  private ApplicationFailure undoIncomplete(Step failedStep, ErrorInfo cause, List<String> left, TemporalFailure failure) {
    ProductFailure type = ProductFailure.COMPENSATION_INCOMPLETE;
    ErrorInfo error = new ErrorInfo(cause.rule(),
        "compensation incomplete, left behind: " + String.join("; ", left) + ". The run was being undone because: "
            + cause.message(),
        type.fix(), failedStep, cause.violations(), type.name());
    status.fail(error, attemptsOf(failure), now());
    ended(ReprotectState.FAILED, error.rule());
    WorkflowMetrics.compensationIncomplete();
    return ApplicationFailure.newNonRetryableFailureWithCause(error.message(), type.name(), failure, error);
  }

  @Override
  public ReprotectStatus status() {
    return status == null ? null : status.snapshot();
  }

  @Override
  public void slotsGranted(SlotGrant grant) {
    if (grant.nonce() != null && !grant.nonce().equals(slotsNonce)) {
      // An answer to another run's request (before a reset, or a terminated run of this VM).
      log.info("{}: ignored a slot answer meant for run {}", Workflow.getInfo().getWorkflowId(), grant.nonce());
      return;
    }
    this.grant = grant;
  }

  /**
   * Ask the master target for one slot per disk and wait in line for the grant (one signal in
   * history however long the wait). A request that can never fit fails by MT_DISK_LIMIT.
   *
   * <p>Since {@link #SLOTS_NONCE}: the request carries a nonce of its own (a grant for another
   * request, e.g. of a run before a reset, is ignored), and a wait that outlasts {@link #ASK_AGAIN_AFTER} asks again, with the
   * interval doubling up to {@link #ASK_AGAIN_AT_MOST}: a ledger that was terminated meanwhile is
   * started again by the repeat and learns of the request (a few events a day, however long the
   * wait).
   */
  private void reserveSlots(String masterTarget, String vm, int disks) {
    boolean withNonce = Workflow.getVersion(SLOTS_NONCE, Workflow.DEFAULT_VERSION, 1) >= 1;
    if (withNonce) {
      // Recorded in history, so that replays and resets (up to a later point) keep the same nonce.
      slotsNonce = Workflow.sideEffect(String.class, () -> UUID.randomUUID().toString());
    }
    SlotRequest request = new SlotRequest(masterTarget, vm, disks, Workflow.getInfo().getWorkflowId(), Map.of(),
        slotsNonce);
    slotsProtocol =
        Workflow.getVersion(SLOTS_PROTOCOL, Workflow.DEFAULT_VERSION, RESERVES_BY_UPDATE);
    String waiting = ask(request);
    if (grant == null) {
      status.detail(Step.ATTACH_DISKS, waiting);
      if (withNonce) {
        Duration askAgain = askAgainAfter;
        while (!Workflow.await(askAgain, () -> grant != null)) {
          ask(request);
          askAgain = askAgain.multipliedBy(2).compareTo(ASK_AGAIN_AT_MOST) > 0 ? ASK_AGAIN_AT_MOST
              : askAgain.multipliedBy(2);
        }
      } else {
        Workflow.await(() -> grant != null);
      }
    }
    if (!grant.granted()) {
      throw RuleFailures.nonRetryable(List.of(Violation.of(Rule.MT_DISK_LIMIT, vm, grant.reason()
          + " (" + disks + " disks asked, " + grant.used() + " of " + grant.capacity() + " slots in use)")));
    }
    status.detail(Step.ATTACH_DISKS, "attaching " + disks + " disks to " + masterTarget + " (" + grant.used()
        + " of " + grant.capacity() + " disk slots in use)");
  }

  /**
   * Asks the master target once, as this run's protocol does; an answer given at once is taken as
   * the grant. A cancel of the run never cancels the ask (short, idempotent): it is seen right
   * after, at the wait for the grant.
   *
   * @return the waiting detail, "waiting for 2 disk slots on mt-win-01 (58 of 60 in use, 3
   *     ahead)", as far as it is known
   */
  private String ask(SlotRequest request) {
    String waiting = "waiting for " + request.disks() + " disk slot" + (request.disks() == 1 ? "" : "s")
        + " on " + request.masterTarget();
    if (slotsProtocol < REQUEST_NOT_CANCELLED) {
      capacity.requestSlots(request);
      return waiting;
    }
    if (slotsProtocol < RESERVES_BY_UPDATE) {
      uncancelled(() -> capacity.requestSlots(request));
      return waiting;
    }
    SlotAnswer answer = uncancelled(() -> ledger.reserveSlots(request));
    if (answer == null) {
      return waiting; // asked by signal: the grant comes by signal
    }
    if (answer.grant() != null) {
      slotsGranted(answer.grant());
      return waiting;
    }
    return waiting + " (" + answer.used() + " of " + answer.capacity() + " in use, " + answer.ahead()
        + " ahead)";
  }

  private static <T> T uncancelled(Supplier<T> call) {
    List<T> result = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> result.add(call.get())).run();
    return result.get(0);
  }

  /** Compensation: give the slots back (a queued request is dropped too). */
  private void releaseSlots(String masterTarget, String vm) {
    signalSlots(masterTarget, new SlotRelease(vm, true, slotsNonce));
  }

  /** Protected (or an undo that could not detach): the disks stay attached and keep their slots. */
  private void commitSlots(String masterTarget, String vm) {
    signalSlots(masterTarget, new SlotRelease(vm, false, slotsNonce));
  }

  /**
   * Sent from a detached scope, so that a cancel arriving in the same workflow task cannot drop
   * it. If the ledger is gone it is not silently lost: the log says so, and the next ledger counts
   * the site's disks (committed ones stay attached; released ones are gone) when it reconciles.
   */
  private void signalSlots(String masterTarget, SlotRelease release) {
    try {
      if (slotsProtocol >= RESERVES_BY_UPDATE
          && uncancelled(() -> ledger.settleSlots(masterTarget, release))) {
        return;
      }
      Workflow.newDetachedCancellationScope(() -> Workflow.newExternalWorkflowStub(
              MasterTargetSlotsWorkflow.class, MasterTargetSlotsWorkflow.workflowIdFor(masterTarget))
          .release(release)).run();
    } catch (TemporalException unreachable) {
      // No slots workflow (never asked, or terminated): the next one reconciles from the site.
      log.warn("{}: could not signal the slots of {} ({}): {}", release.replicatedItem(), masterTarget,
          release.released() ? "release" : "commit", unreachable.getMessage());
    }
  }

  private ResolvedTarget validate(ReprotectRequest request) {
    begin(Step.VALIDATE);
    Validation passed = validation.validate(request);
    String detail = passed.warnings().isEmpty()
        ? "every rule passed"
        : "every rule passed; warnings: "
            + passed.warnings().stream().map(w -> w.rule().name()).collect(Collectors.joining(", "));
    completed(Step.VALIDATE, detail, passed.attempt());
    return passed.target();
  }

  private void step(Step step, Supplier<StepResult> activity) {
    begin(step);
    StepResult result = activity.get();
    completed(step, result.detail(), result.attempt());
  }

  /** A step begins: the status, and the run's step and state in Temporal's visibility. */
  private void begin(Step step) {
    status.begin(step, now());
    searchAttributes.set(ReprotectSearchAttributes.STEP, step.name(), ReprotectSearchAttributes.STATE, step.state().name());
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
    searchAttributes.set(ReprotectSearchAttributes.STATE, state.name(), ReprotectSearchAttributes.RULE, rule);
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
      return error.rule() != null && Rule.valueOf(error.rule()).retryable()
          ? new ErrorInfo(error.rule(), "still failing when the step's retry bound ran out: " + error.message(),
              error.fix(), step, error.violations())
          : error;
    }
    if (step == Step.WAIT_FOR_AGENT && hasTimeout(failure)) {
      Rule rule = Rule.AGENT_NOT_REGISTERED;
      return new ErrorInfo(rule.name(),
          "the agent did not register with the configuration server within "
              + AGENT_REGISTRATION_BOUND.toMinutes() + " minutes", rule.fix(), step, null);
    }
    return new ErrorInfo(null, RuleFailures.rootMessage(failure), "see the step's last failure in the history", step, null);
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
