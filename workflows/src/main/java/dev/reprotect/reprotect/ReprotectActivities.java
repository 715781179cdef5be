package dev.reprotect.reprotect;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * The steps of reprotect that reach the sites. Each is idempotent: it checks the site's state first
 * and acts only on what is not done yet, so a retry or a re-run changes nothing twice. A failure is
 * an ApplicationFailure whose type is a rule ID: retryable for transient faults
 * (VCENTER_DISCONNECTED, CONFIG_SERVER_UNREACHABLE, ...), non-retryable for rule violations.
 */
@ActivityInterface
public interface ReprotectActivities {

  // Activity type names: the history records them, and status reads map them back to steps.
  String WAIT_FOR_AGENT = "WaitForAgent";
  String MERGE_SNAPSHOTS = "MergeSnapshots";
  String POWER_OFF = "PowerOff";
  String ATTACH_DISKS = "AttachDisks";
  String START_REPLICATION = "StartReplication";
  String SYNCHRONIZE = "Synchronize";
  String DETACH_DISKS = "DetachDisks";
  String STOP_REPLICATION = "StopReplication";

  /**
   * Returns once the replica's agent is registered; polls while heartbeating, then fails with the
   * retryable AGENT_NOT_REGISTERED so that the server retries it (no history event per poll). Key:
   * the replicated item; read-only.
   */
  @ActivityMethod(name = WAIT_FOR_AGENT)
  StepResult waitForAgent(WaitForAgentRequest request);

  /** Key: the on-premises VM. Removes the snapshots it still has; none left is done. */
  @ActivityMethod(name = MERGE_SNAPSHOTS)
  StepResult mergeSnapshots(MergeSnapshotsRequest request);

  /** Key: the on-premises VM. Powers it off unless it is off already. */
  @ActivityMethod(name = POWER_OFF)
  StepResult powerOff(PowerOffRequest request);

  /**
   * Key: (replicated item, master target). Attaches the disks not attached yet; for ALTERNATE,
   * creates the VM only when no VM of that name exists.
   */
  @ActivityMethod(name = ATTACH_DISKS)
  StepResult attachDisks(AttachDisksRequest request);

  /** Key: the replicated item. Starts replication unless it is already started. */
  @ActivityMethod(name = START_REPLICATION)
  StepResult startReplication(StartReplicationRequest request);

  /**
   * Key: the replicated item; read-only. Heartbeats {@link SyncProgress} until the VM is protected.
   * Fails with ONPREM_VM_POWERED_ON or MT_STORAGE_VMOTIONED (rules) when the site breaks them.
   */
  @ActivityMethod(name = SYNCHRONIZE)
  StepResult synchronize(SynchronizeRequest request);

  /** Compensation. Key: (replicated item, master target). Detaching a detached disk is a no-op. */
  @ActivityMethod(name = DETACH_DISKS)
  StepResult detachDisks(DetachDisksRequest request);

  /** Compensation. Key: the replicated item. Stopping a stopped replication is a no-op. */
  @ActivityMethod(name = STOP_REPLICATION)
  StepResult stopReplication(StopReplicationRequest request);
}
