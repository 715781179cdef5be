package dev.reprotect.reprotect;

/**
 * The Reprotect dialog's inputs for one VM, as the workflow receives them. No secrets: credentials
 * for vCenter and Azure live in the worker's configuration, never here.
 *
 * @param replicatedItem the replicated item (the VM) to reprotect; the workflow id is derived from
 *     it
 * @param masterTarget the on-premises master target server that receives the data
 * @param processServer the process server that sends it
 * @param datastore the datastore for new disks; required even when the disks exist (then ignored)
 * @param retentionDrive the master target's retention volume
 * @param recoveryLocation null to choose: ORIGINAL when the on-premises VM exists, else ALTERNATE
 * @param direction the direction of protection as asked; null means Azure to on-premises
 * @param failbackPolicyGiven whether the request tried to set the (fixed) failback policy
 * @param plan the recovery plan this reprotection belongs to, or null for a single VM
 */
public record ReprotectRequest(
    String replicatedItem,
    String masterTarget,
    String processServer,
    String datastore,
    String retentionDrive,
    RecoveryLocation recoveryLocation,
    String direction,
    boolean failbackPolicyGiven,
    String plan) {

  public static final String AZURE_TO_ONPREM = "AZURE_TO_ONPREM";

  /** A plain single-VM request: default direction and location, no policy given, no plan. */
  public static ReprotectRequest of(
      String replicatedItem,
      String masterTarget,
      String processServer,
      String datastore,
      String retentionDrive) {
    return new ReprotectRequest(
        replicatedItem,
        masterTarget,
        processServer,
        datastore,
        retentionDrive,
        null,
        null,
        false,
        null);
  }

  /** The workflow id of a VM's reprotection: one per VM at a time. */
  public static String workflowIdFor(String replicatedItem) {
    return "reprotect-" + replicatedItem;
  }

  public String workflowId() {
    return workflowIdFor(replicatedItem);
  }

  /**
   * This machine's request as part of {@code plan}: itself when it names the plan already, else a
   * copy that does. A group member's VALIDATE needs the plan, so the plan workflow starts it so and
   * the plan's preflight and placement check it as the plan would run it.
   */
  public ReprotectRequest inPlan(String plan) {
    return plan != null && plan.equals(this.plan)
        ? this
        : new ReprotectRequest(
            replicatedItem,
            masterTarget,
            processServer,
            datastore,
            retentionDrive,
            recoveryLocation,
            direction,
            failbackPolicyGiven,
            plan);
  }
}
