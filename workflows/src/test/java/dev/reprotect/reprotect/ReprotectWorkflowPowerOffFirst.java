package dev.reprotect.reprotect;

import io.temporal.workflow.Workflow;

/**
 * R6, the documented way to change a workflow: {@link ReprotectWorkflowImpl} with ONE change, made
 * with {@code Workflow.getVersion} through its on-premises seam: POWER_OFF now runs before
 * MERGE_SNAPSHOTS. The old order stays for runs recorded before the change, so every committed
 * history still replays ({@code ReprotectWorkflowVersioningTest}). {@link Unversioned} is the same
 * change without {@code getVersion}: the replay tests catch it.
 */
public class ReprotectWorkflowPowerOffFirst extends ReprotectWorkflowImpl {

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

  @Override
  protected void onPremVmSteps(String vm, String onPremVm) {
    // THE CHANGE: power off first, then merge (a powered-off VM's snapshots merge faster). Runs
    // that started before it (no marker in their history) keep the old order.
    boolean powerOffFirst =
        !versioned() || Workflow.getVersion(POWER_OFF_FIRST, Workflow.DEFAULT_VERSION, 1) >= 1;
    if (powerOffFirst) {
      powerOff(vm, onPremVm);
      mergeSnapshots(vm, onPremVm);
    } else {
      super.onPremVmSteps(vm, onPremVm);
    }
  }
}
