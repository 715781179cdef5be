package dev.reprotect.capacity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reaches the master target's slots workflow from a reprotection (workflows cannot signal-with-start). */
@ActivityInterface
public interface CapacityActivities {

  /**
   * Signal-with-start the master target's slots workflow with this request, including what the
   * site shows attached to it. Key: (master target, replicated item); a repeat is ignored by the
   * ledger (it answers again if the item already holds its slots). The answer comes as the
   * requester's {@code slotsGranted} signal. Nothing is read back: a query of the slots workflow
   * waits behind its tasks and, measured (PERFORMANCE.md, P1/P2), costs more than it tells.
   */
  @ActivityMethod(name = "RequestSlots")
  void requestSlots(SlotRequest request);
}
