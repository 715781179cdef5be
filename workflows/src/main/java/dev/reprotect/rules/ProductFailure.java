package dev.reprotect.rules;

/**
 * The product's own failure types: what went wrong in reprotect itself or in reaching a site,
 * rather than a rule of the catalogue being broken. Each is a workflow failure type, as a rule ID
 * is, retried or not as it says. With {@link Rule}, this is every failure type the product raises.
 */
public enum ProductFailure {

  /**
   * Undoing a failed or cancelled reprotection did not finish: disks may still be attached to the
   * master target (their slots stay held) or replication may still run.
   */
  COMPENSATION_INCOMPLETE(
      false,
      "fix the fault the compensation met (see the run's history), then start the VM again: the"
          + " steps are idempotent and it resumes where it stands; or cancel that new run to detach"
          + " its disks and stop its replication"),
  /** A step failed with no rule to name (its message says why). */
  STEP_FAILED(false, "see the step's message and the run's history"),
  /** The on-premises VM vanished while its reprotection ran (deleted during reprotect?). */
  ONPREM_VM_NOT_FOUND(false, "start the reprotection again: it recovers to an alternate location"),
  /** A master target neither vCenter nor the configuration server knows. */
  MASTER_TARGET_NOT_FOUND(false, "register the master target with the configuration server"),
  /** SYNCHRONIZE found no replication running: START_REPLICATION must come first. */
  REPLICATION_NOT_STARTED(false, "start the reprotection again: it starts replication first"),
  /** A Site Recovery error that matches no rule of the catalogue. */
  ASR_OPERATION_FAILED(false, "see the Site Recovery job in the vault"),
  /**
   * A Site Recovery job someone cancelled: not retried, so that nobody's decision is overridden.
   */
  ASR_JOB_CANCELLED(false, "if the reprotection should still happen, start it again"),
  /** A job Site Recovery has queued but not begun: retried, following the same job. */
  ASR_JOB_NOT_STARTED(true, "none: the step is retried and follows the same job"),
  /** A Site Recovery job suspended until someone resumes it. */
  ASR_JOB_SUSPENDED(false, "resume the job in the vault or cancel it, then retry"),
  /** A vault of the modernized VMware stack (InMageRcm), which the adapter does not reprotect. */
  ASR_MODERNIZED_STACK_UNSUPPORTED(
      false,
      "reprotect this vault's machines from the Azure portal, or point"
          + " reprotect.site.azure.asr.fabric at a classic configuration server's fabric"),
  /** A fabric that is not a classic VMware configuration server at all. */
  ASR_NOT_A_VMWARE_FABRIC(
      false, "set reprotect.site.azure.asr.fabric to the configuration server's fabric"),
  /** A token that could not be had or was refused. */
  AZURE_AUTHENTICATION_FAILED(false, "check the Azure credential settings"),
  /** A principal without the rights it needs. */
  AZURE_AUTHORIZATION_FAILED(
      false, "give the principal the Site Recovery Contributor role on the vault"),
  /** Throttling (429) still refused after the call's own retries. */
  AZURE_THROTTLED(true, "none: retried"),
  /** 5xx and I/O faults still failing after the call's own retries. */
  AZURE_UNAVAILABLE(true, "none: retried");

  private final boolean retryable;
  private final String fix;

  ProductFailure(boolean retryable, String fix) {
    this.retryable = retryable;
    this.fix = fix;
  }

  /** Whether an activity failing with it is retried (as a transient rule is). */
  public boolean retryable() {
    return retryable;
  }

  public String fix() {
    return fix;
  }
}
