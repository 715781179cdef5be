package dev.reprotect.reprotect;

/** Where one step is. SKIPPED: nothing to do (no on-premises VM to merge or power off). */
public enum StepState {
  PENDING,
  RUNNING,
  COMPLETED,
  SKIPPED,
  FAILED,
  CANCELLED
}
