package dev.reprotect.plan;

/** Where a recovery plan's reprotection is. */
public enum PlanState {
  VALIDATING,
  RUNNING,
  PAUSED,
  /** Every machine protected. */
  PROTECTED,
  /** Every machine finished, at least one not protected: start the plan again to retry those. */
  FAILED,
  CANCELLED;

  public boolean terminal() {
    return this == PROTECTED || this == FAILED || this == CANCELLED;
  }
}
