package dev.reprotect.capacity;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Reaches the master target's slots workflow from a reprotection (workflows cannot signal-with-start). */
@ActivityInterface
public interface CapacityActivities {

  /**
   * Signal-with-start the master target's slots workflow with this request, including what the
   * site shows attached to it. Key: (master target, replicated item); a repeat is ignored by the
   * ledger.
   */
  @ActivityMethod(name = "RequestSlots")
  void requestSlots(SlotRequest request);
}
