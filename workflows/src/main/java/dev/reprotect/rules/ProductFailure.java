package dev.reprotect.rules;

/**
 * The product's own failure types: what went wrong in reprotect itself rather than a rule of the
 * catalogue being broken. Each is a workflow failure type, as a rule ID is, with the fix an
 * operator applies.
 */
public enum ProductFailure {

  /**
   * Undoing a failed or cancelled reprotection did not finish: disks may still be attached to the
   * master target (their slots stay held) or replication may still run.
   */
  COMPENSATION_INCOMPLETE(
      "fix the fault the compensation met (see the run's history), then start the VM again: the"
          + " steps are idempotent and it resumes where it stands; or cancel that new run to detach"
          + " its disks and stop its replication");

  private final String fix;

  ProductFailure(String fix) {
    this.fix = fix;
  }

  public String fix() {
    return fix;
  }
}
