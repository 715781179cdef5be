package dev.reprotect.reprotect;

import dev.reprotect.rules.RuleFailures;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;

/**
 * What a run has changed on the sites, noted before each step that changes it, and its undo in
 * reverse order: stop replication, detach the disks, then give the disk slots back. An undo step
 * that fails after its retries is not hidden: it is named in what is left behind, and the slots of
 * disks that may still be attached stay held (committed, not released), so the ledger never grants
 * them again while the disks are there.
 *
 * <p>The commands are those {@code Saga} issued before (the same activities in the same order, then
 * one signal), so older histories replay; only a failed undo step now changes what follows.
 */
final class Undo {

  private static final Logger LOG = Workflow.getLogger(Undo.class);

  /** Gives the run's slots back, or keeps them held by disks that stay attached. */
  interface Slots {
    void release();

    void hold();
  }

  private final String vm;
  private final String masterTarget;
  private final ReprotectActivities compensation;
  private Slots slots;
  private boolean disksMayBeAttached;
  private boolean replicationMayRun;
  private int disks;

  Undo(String vm, String masterTarget, ReprotectActivities compensation) {
    this.vm = vm;
    this.masterTarget = masterTarget;
    this.compensation = compensation;
  }

  void slotsMayBeReserved(Slots slots) {
    this.slots = slots;
  }

  void disksMayBeAttached(int disks) {
    this.disks = disks;
    disksMayBeAttached = true;
  }

  void replicationMayRun() {
    replicationMayRun = true;
  }

  /**
   * Undoes what was noted, each step even when an earlier one failed.
   *
   * @return what is left behind, one phrase each ("2 disks of vm-a still attached to mt-01"), empty
   *     when everything was undone
   */
  List<String> run() {
    List<String> left = new ArrayList<>();
    if (replicationMayRun) {
      try {
        compensation.stopReplication(new StopReplicationRequest(vm));
      } catch (TemporalFailure failed) {
        left.add(
            "replication of " + vm + " not stopped (" + RuleFailures.rootMessage(failed) + ")");
      }
    }
    boolean detached = true;
    if (disksMayBeAttached) {
      try {
        compensation.detachDisks(new DetachDisksRequest(vm, masterTarget));
      } catch (TemporalFailure failed) {
        detached = false;
        left.add(
            (disks > 0 ? disks + " disk" + (disks == 1 ? "" : "s") : "the disks")
                + " of "
                + vm
                + " still attached to master target "
                + masterTarget
                + ", their slots held ("
                + RuleFailures.rootMessage(failed)
                + ")");
      }
    }
    if (slots != null) {
      if (detached) {
        slots.release();
      } else {
        slots.hold();
      }
    }
    if (!left.isEmpty()) {
      LOG.warn("{}: compensation incomplete: {}", vm, String.join("; ", left));
    }
    return left;
  }
}
