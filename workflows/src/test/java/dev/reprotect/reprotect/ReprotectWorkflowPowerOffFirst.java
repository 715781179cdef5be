package dev.reprotect.reprotect;

import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.capacity.SlotRelease;
import dev.reprotect.capacity.SlotRequest;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.preflight.Validation;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import dev.reprotect.visibility.ReprotectSearchAttributes;
import dev.reprotect.visibility.SearchAttributeUpdates;
import dev.reprotect.visibility.WorkflowMetrics;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalException;
import io.temporal.failure.TemporalFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Saga;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * R6, the documented way to change a workflow: a copy of {@link ReprotectWorkflowImpl} as it is
 * today with ONE change, made with {@code Workflow.getVersion}: POWER_OFF now runs before
 * MERGE_SNAPSHOTS. The old order stays in the code for runs recorded before the change, so every
 * committed history still replays ({@code ReprotectWorkflowVersioningTest}). {@link Unversioned}
 * is the same change without {@code getVersion}: the replay tests catch it.
 *
 * <p>Kept in sync by hand only for this test; the copy is otherwise identical to the workflow.
 */
public class ReprotectWorkflowPowerOffFirst implements ReprotectWorkflow {

  /** The change id written as a marker into new runs' histories. */
  static final String POWER_OFF_FIRST = "power-off-before-merge";

  /** Whether the change is guarded by {@code Workflow.getVersion}. */
  protected boolean versioned() {
    return true;
  }

  /** The same change made the wrong way: no version marker, old histories no longer replay. */
  public static class Unversioned extends ReprotectWorkflowPowerOffFirst {
    @Override
    protected boolean versioned() {
      return false;
    }
  }


  private static final Logger log = Workflow.getLogger(ReprotectWorkflowImpl.class);

  // ---- Timeouts and retry policies: every one of them, here. ----

  /** The documents give a booted replica's agent up to 15 minutes to register. */
  static final Duration AGENT_REGISTRATION_BOUND = Duration.ofMinutes(15);

  /**
   * VALIDATE reads the sites. Transient faults (configuration server, vCenter, a retention drive
   * not listed yet) are retried for 15 minutes, the longest the documents say such a state lasts.
   */
  static final ActivityOptions VALIDATE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setScheduleToCloseTimeout(Duration.ofMinutes(15))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(1)))
          .build();

  /**
   * WAIT_FOR_AGENT: one attempt polls for about a minute while heartbeating, then fails with the
   * retryable AGENT_NOT_REGISTERED; the server retries it until the 15-minute bound. Server-side
   * retries write no events, so the wait costs O(1) history whatever its length.
   */
  static final ActivityOptions WAIT_FOR_AGENT =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(3))
          .setHeartbeatTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(AGENT_REGISTRATION_BOUND)
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(5))
                  .setBackoffCoefficient(1.0)
                  .build())
          .build();

  /**
   * vCenter steps (merge, power off, attach) wait for vCenter tasks while heartbeating. A
   * disconnected vCenter is retried with backoff for an hour before the step fails by rule.
   */
  static final ActivityOptions VCENTER_STEP =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(10))
          .setHeartbeatTimeout(Duration.ofMinutes(1))
          .setScheduleToCloseTimeout(Duration.ofHours(1))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(2)))
          .build();

  /** START_REPLICATION is one call to the Azure side; its transient faults get an hour too. */
  static final ActivityOptions START_REPLICATION =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(5))
          .setScheduleToCloseTimeout(Duration.ofHours(1))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(2), Duration.ofMinutes(2)))
          .build();

  /**
   * SYNCHRONIZE follows replication until protected: anything from 0 bytes to every disk's size,
   * so the bound is generous (a week). It heartbeats its progress; a lost worker is noticed
   * within the heartbeat timeout and the retry resumes from the last heartbeat.
   */
  static final ActivityOptions SYNCHRONIZE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofDays(7))
          .setHeartbeatTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(Duration.ofDays(7))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(10), Duration.ofMinutes(5)))
          .build();

  /**
   * REQUEST_SLOTS reads the master target's attached disks and signals its slots workflow: quick,
   * so short attempts; a disconnected vCenter is retried for 15 minutes, like validation. The wait
   * for the grant that follows is a signal, not this activity.
   */
  static final ActivityOptions REQUEST_SLOTS =
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

  private StatusTracker status;
  private SlotGrant grant;
  private SearchAttributeUpdates searchAttributes;

  @Override
  public ReprotectStatus reprotect(ReprotectRequest request) {
    status = new StatusTracker(Workflow.getInfo().getWorkflowId(), request, now(), null);
    searchAttributes = SearchAttributeUpdates.forThisRun();
    Saga saga = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
    String vm = request.replicatedItem();
    try {
      ResolvedTarget target = validate(request);

      step(Step.WAIT_FOR_AGENT, () -> agent.waitForAgent(new WaitForAgentRequest(vm)));

      if (target.onPremVm() == null) {
        status.skip(Step.MERGE_SNAPSHOTS, "no on-premises VM: alternate-location recovery", now());
        status.skip(Step.POWER_OFF, "no on-premises VM: alternate-location recovery", now());
      } else {
        // THE CHANGE: power off first, then merge (a powered-off VM's snapshots merge faster).
        // Runs that started before it (no marker in their history) keep the old order.
        boolean powerOffFirst = !versioned()
            || Workflow.getVersion(POWER_OFF_FIRST, Workflow.DEFAULT_VERSION, 1) >= 1;
        if (powerOffFirst) {
          step(Step.POWER_OFF, () -> vcenter.powerOff(new PowerOffRequest(vm, target.onPremVm())));
          step(Step.MERGE_SNAPSHOTS,
              () -> vcenter.mergeSnapshots(new MergeSnapshotsRequest(vm, target.onPremVm())));
        } else {
          step(Step.MERGE_SNAPSHOTS,
              () -> vcenter.mergeSnapshots(new MergeSnapshotsRequest(vm, target.onPremVm())));
          step(Step.POWER_OFF, () -> vcenter.powerOff(new PowerOffRequest(vm, target.onPremVm())));
        }
      }

      boolean reservesSlots =
          Workflow.getVersion(MASTER_TARGET_SLOTS, Workflow.DEFAULT_VERSION, RESERVES_SLOTS) >= RESERVES_SLOTS;
      if (reservesSlots) {
        saga.addCompensation(this::releaseSlots, request.masterTarget(), vm);
      }
      saga.addCompensation(compensation::detachDisks, new DetachDisksRequest(vm, request.masterTarget()));
      step(Step.ATTACH_DISKS, () -> {
        if (reservesSlots) {
          reserveSlots(request.masterTarget(), vm, target.disks().size());
        }
        return vcenter.attachDisks(new AttachDisksRequest(
            vm, target.onPremVm(), request.masterTarget(), request.datastore(), target.recoveryLocation()));
      });

      saga.addCompensation(compensation::stopReplication, new StopReplicationRequest(vm));
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
      if (CancellationScope.current().isCancelRequested()) {
        compensate(saga);
        status.cancel(now(), null);
        ended(ReprotectState.CANCELLED, null);
        throw failure instanceof CanceledFailure cancelled
            ? cancelled
            : new CanceledFailure("reprotection of " + vm + " cancelled");
      }
      Step failedStep = status.current();
      ErrorInfo error = errorOf(failedStep, failure);
      // FAILED is shown once compensation is done (as CANCELLED is), so that a FAILED status means
      // "nothing left half done". Only the query's answer moves: no command changes order.
      compensate(saga);
      if (failedStep != null) {
        WorkflowMetrics.stepEnded(failedStep.name(), StepState.FAILED.name(), sinceStepBegan(failedStep));
        if (failedStep == Step.WAIT_FOR_AGENT) {
          WorkflowMetrics.agentWaited(sinceStepBegan(failedStep));
        }
      }
      status.fail(error, attemptsOf(failure), now());
      ended(ReprotectState.FAILED, error.rule());
      throw ApplicationFailure.newNonRetryableFailureWithCause(
          error.message(), error.rule() == null ? "STEP_FAILED" : error.rule(), failure, error);
    }
  }

  @Override
  public ReprotectStatus status() {
    return status == null ? null : status.snapshot();
  }

  @Override
  public void slotsGranted(SlotGrant grant) {
    this.grant = grant;
  }

  /**
   * Ask the master target for one slot per disk and wait in line for the grant (one signal in
   * history however long the wait). A request that can never fit fails by MT_DISK_LIMIT.
   */
  private void reserveSlots(String masterTarget, String vm, int disks) {
    SlotsView seen = capacity.requestSlots(
        new SlotRequest(masterTarget, vm, disks, Workflow.getInfo().getWorkflowId(), Map.of()));
    if (grant == null) {
      status.detail(Step.ATTACH_DISKS, waitingFor(masterTarget, vm, disks, seen));
      Workflow.await(() -> grant != null);
    }
    if (!grant.granted()) {
      throw RuleFailures.nonRetryable(List.of(Violation.of(Rule.MT_DISK_LIMIT, vm, grant.reason()
          + " (" + disks + " disks asked, " + grant.used() + " of " + grant.capacity() + " slots in use)")));
    }
    status.detail(Step.ATTACH_DISKS, "attaching " + disks + " disks to " + masterTarget + " (" + grant.used()
        + " of " + grant.capacity() + " disk slots in use)");
  }

  /** "waiting for 2 disk slots on mt-win-01 (58 of 60 in use, 3 ahead)", as far as it is known. */
  private static String waitingFor(String masterTarget, String vm, int disks, SlotsView seen) {
    String waiting = "waiting for " + disks + " disk slot" + (disks == 1 ? "" : "s") + " on " + masterTarget;
    if (seen == null || seen.reserved().containsKey(vm)) {
      return waiting; // unknown, or granted already: the grant is on its way
    }
    int ahead = seen.waiting().size();
    for (int i = 0; i < seen.waiting().size(); i++) {
      if (vm.equals(seen.waiting().get(i).replicatedItem())) {
        ahead = i;
        break;
      }
    }
    return waiting + " (" + seen.used() + " of " + seen.capacity() + " in use, " + ahead + " ahead)";
  }

  /** Compensation: give the slots back (a queued request is dropped too). Best effort. */
  private void releaseSlots(String masterTarget, String vm) {
    signalSlots(masterTarget, new SlotRelease(vm, true));
  }

  /** Protected: the disks stay attached, so they keep holding their slots. */
  private void commitSlots(String masterTarget, String vm) {
    signalSlots(masterTarget, new SlotRelease(vm, false));
  }

  private void signalSlots(String masterTarget, SlotRelease release) {
    try {
      Workflow.newExternalWorkflowStub(MasterTargetSlotsWorkflow.class, MasterTargetSlotsWorkflow.workflowIdFor(masterTarget))
          .release(release);
    } catch (TemporalException unreachable) {
      // No slots workflow (never asked, or gone): there is nothing to give back.
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

  private void ended(ReprotectState state, String rule) {
    searchAttributes.set(ReprotectSearchAttributes.STATE, state.name(), ReprotectSearchAttributes.RULE, rule);
    WorkflowMetrics.reprotectionEnded(state.name(), rule);
  }

  private Duration sinceStepBegan(Step step) {
    Instant began = status.startedAt(step);
    return began == null ? Duration.ZERO : Duration.between(began, now());
  }

  /** Undo what this run changed, even though the workflow itself is being cancelled. */
  private void compensate(Saga saga) {
    Workflow.newDetachedCancellationScope(saga::compensate).run();
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
