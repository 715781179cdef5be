package dev.reprotect.reprotect;

import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotAnswer;
import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.capacity.SlotRelease;
import dev.reprotect.capacity.SlotRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import io.temporal.failure.TemporalException;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;

/**
 * One run's disk slots on its master target: asked before ATTACH_DISKS (waiting in line if need
 * be), committed once the VM is protected (its disks stay attached and keep their slots), or
 * released by the undo (held instead when the disks could not be detached). Every command it issues
 * is versioned here, so the runbook calls it without asking which protocol its run speaks.
 */
final class SlotReservation implements Undo.Slots {

  private static final Logger LOG = Workflow.getLogger(SlotReservation.class);

  /**
   * Runs started before disk slots existed (no marker in their history) attach without reserving;
   * version 1 reserves before ATTACH_DISKS and releases or commits after.
   */
  static final String MASTER_TARGET_SLOTS = "master-target-slots";

  static final int RESERVES_SLOTS = 1;

  /** Runs before nonces (no marker) ask once and wait; version 1 sends a nonce and asks again. */
  static final String SLOTS_NONCE = "slots-nonce";

  /**
   * How a run asks. Runs without the marker send RequestSlots in the run's scope; since {@link
   * #REQUEST_NOT_CANCELLED} the short request runs detached from the run's cancellation, so no
   * cancel command can race its completion (Temporal's in-memory server fails such a workflow task
   * with ACTIVITY_UNKNOWN and the run stalls); the cancel is seen right after, at the wait.
   */
  static final String SLOTS_PROTOCOL = "slots-protocol";

  static final int REQUEST_NOT_CANCELLED = 1;

  /**
   * Since this version a run asks its ledger by an update from the ReserveSlots activity: a grant
   * that fits comes back as the activity's result, instead of after a signal-with-start, a grant
   * signal and a workflow task to take it; commit and release go by a local activity (a signal,
   * which waits for no workflow task). Not the ask, in this version: a local activity that waits
   * for the ledger's workflow task holds a workflow-task slot meanwhile, and with every slot held
   * by requesters the ledger's task never ran when both shared a worker (measured: a 2,000-machine
   * plan stalled); {@link #RESERVES_BY_LOCAL_UPDATE} gives the ledgers a worker of their own.
   */
  static final int RESERVES_BY_UPDATE = 2;

  /**
   * Since this version the ask goes from the ReserveSlots <em>local</em> activity, which saves the
   * activity task's round trips. Safe now that the ledgers run on a task queue and worker of their
   * own ({@code <task-queue>-slots}): requesters holding every workflow-task slot of their worker
   * while they wait can no longer keep the ledger's task from running.
   */
  static final int RESERVES_BY_LOCAL_UPDATE = 3;

  /** A wait for slots this long asks again (doubling each time, up to a few hours). */
  static final Duration ASK_AGAIN_AFTER = Duration.ofMinutes(10);

  static final Duration ASK_AGAIN_AT_MOST = Duration.ofHours(4);

  /** How the run reaches the ledger (by activity, by local activity) and its first wait. */
  record Ledger(
      CapacityActivities byActivity, CapacityActivities byLocalActivity, Duration askAgainAfter) {}

  private final Ledger ledger;
  private final String masterTarget;
  private final String vm;
  private final int disks;
  private final boolean reserves;
  private boolean withNonce;
  private int protocol = Workflow.DEFAULT_VERSION;

  /** This run's request nonce once it asks: its answer must echo it. */
  private String nonce;

  private SlotGrant grant;

  private SlotReservation(Ledger ledger, String masterTarget, String vm, int disks) {
    this.ledger = ledger;
    this.masterTarget = masterTarget;
    this.vm = vm;
    this.disks = disks;
    this.reserves =
        Workflow.getVersion(MASTER_TARGET_SLOTS, Workflow.DEFAULT_VERSION, RESERVES_SLOTS)
            >= RESERVES_SLOTS;
  }

  /** The run's reservation: one that does nothing for runs recorded before disk slots. */
  static SlotReservation of(Ledger ledger, ReprotectRequest request, int disks) {
    return new SlotReservation(ledger, request.masterTarget(), request.replicatedItem(), disks);
  }

  /**
   * Asks for one slot per disk and waits in line for the grant (one signal in history however long
   * the wait); a wait that outlasts {@link #ASK_AGAIN_AFTER} asks again, the interval doubling up
   * to {@link #ASK_AGAIN_AT_MOST}: a ledger terminated meanwhile is started again by the repeat. A
   * request that can never fit fails by MT_DISK_LIMIT.
   *
   * @param detail told the step's detail: the wait in line ("waiting for 3 disk slots on mt-01 …"),
   *     then the grant ("attaching 3 disks to mt-01 (12 of 60 disk slots in use)")
   */
  void reserve(Consumer<String> detail) {
    if (!reserves) {
      return;
    }
    withNonce = Workflow.getVersion(SLOTS_NONCE, Workflow.DEFAULT_VERSION, 1) >= 1;
    if (withNonce) {
      // Recorded in history, so that replays and resets (up to a later point) keep the same nonce.
      nonce = Workflow.sideEffect(String.class, () -> UUID.randomUUID().toString());
    }
    SlotRequest request =
        new SlotRequest(
            masterTarget, vm, disks, Workflow.getInfo().getWorkflowId(), Map.of(), nonce);
    protocol =
        Workflow.getVersion(SLOTS_PROTOCOL, Workflow.DEFAULT_VERSION, RESERVES_BY_LOCAL_UPDATE);
    String inLine = ask(request);
    if (grant == null) {
      detail.accept(inLine);
      if (withNonce) {
        Duration askAgain = ledger.askAgainAfter();
        while (!Workflow.await(askAgain, () -> grant != null)) {
          ask(request);
          Duration doubled = askAgain.multipliedBy(2);
          askAgain = doubled.compareTo(ASK_AGAIN_AT_MOST) > 0 ? ASK_AGAIN_AT_MOST : doubled;
        }
      } else {
        Workflow.await(() -> grant != null);
      }
    }
    if (!grant.granted()) {
      throw RuleFailures.nonRetryable(
          List.of(
              Violation.of(
                  Rule.MT_DISK_LIMIT,
                  vm,
                  grant.reason()
                      + " ("
                      + disks
                      + " disks asked, "
                      + grant.used()
                      + " of "
                      + grant.capacity()
                      + " slots in use)")));
    }
    detail.accept(
        "attaching "
            + disks
            + " disks to "
            + masterTarget
            + " ("
            + grant.used()
            + " of "
            + grant.capacity()
            + " disk slots in use)");
  }

  /** The master target's answer, by signal: ignored unless it echoes this run's nonce. */
  void granted(SlotGrant answer) {
    if (answer.nonce() != null && !answer.nonce().equals(nonce)) {
      // An answer to another run's request (before a reset, or a terminated run of this VM).
      LOG.info(
          "{}: ignored a slot answer meant for run {}",
          Workflow.getInfo().getWorkflowId(),
          answer.nonce());
      return;
    }
    this.grant = answer;
  }

  /** Protected: the disks stay attached and keep their slots. */
  void commit() {
    if (reserves) {
      settle(new SlotRelease(vm, false, nonce));
    }
  }

  /** Compensation: give the slots back (a queued request is dropped too). */
  @Override
  public void release() {
    if (reserves) {
      settle(new SlotRelease(vm, true, nonce));
    }
  }

  /** An undo that could not detach: the disks stay attached and keep their slots. */
  @Override
  public void hold() {
    commit();
  }

  /**
   * Asks the master target once, as this run's protocol does; an answer given at once is taken as
   * the grant. A cancel of the run never cancels the ask (short, idempotent).
   *
   * @return the waiting detail, "waiting for 2 disk slots on mt-win-01 (58 of 60 in use, 3 ahead)",
   *     as far as it is known
   */
  private String ask(SlotRequest request) {
    String inLine =
        "waiting for " + disks + " disk slot" + (disks == 1 ? "" : "s") + " on " + masterTarget;
    if (protocol < REQUEST_NOT_CANCELLED) {
      ledger.byActivity().requestSlots(request);
      return inLine;
    }
    if (protocol < RESERVES_BY_UPDATE) {
      uncancelled(() -> ledger.byActivity().requestSlots(request));
      return inLine;
    }
    CapacityActivities asker =
        protocol < RESERVES_BY_LOCAL_UPDATE ? ledger.byActivity() : ledger.byLocalActivity();
    SlotAnswer answer = uncancelled(() -> asker.reserveSlots(request));
    if (answer == null) {
      return inLine; // asked by signal: the grant comes by signal
    }
    if (answer.grant() != null) {
      granted(answer.grant());
      return inLine;
    }
    return inLine
        + " ("
        + answer.used()
        + " of "
        + answer.capacity()
        + " in use, "
        + answer.ahead()
        + " ahead)";
  }

  /**
   * Sent from a detached scope, so that a cancel arriving in the same workflow task cannot drop it.
   * If the ledger is gone it is not silently lost: the log says so, and the next ledger counts the
   * site's disks (committed ones stay attached; released ones are gone) when it reconciles.
   */
  private void settle(SlotRelease release) {
    try {
      if (protocol >= RESERVES_BY_UPDATE
          && uncancelled(() -> ledger.byLocalActivity().settleSlots(masterTarget, release))) {
        return;
      }
      String ledgerId = MasterTargetSlotsWorkflow.workflowIdFor(masterTarget);
      Workflow.newDetachedCancellationScope(
              () ->
                  Workflow.newExternalWorkflowStub(MasterTargetSlotsWorkflow.class, ledgerId)
                      .release(release))
          .run();
    } catch (TemporalException unreachable) {
      // No slots workflow (never asked, or terminated): the next one reconciles from the site.
      LOG.warn(
          "{}: could not signal the slots of {} ({}): {}",
          vm,
          masterTarget,
          release.released() ? "release" : "commit",
          unreachable.getMessage());
    }
  }

  private static <T> T uncancelled(Supplier<T> call) {
    List<T> result = new ArrayList<>(1);
    Workflow.newDetachedCancellationScope(() -> result.add(call.get())).run();
    return result.get(0);
  }
}
