package dev.reprotect.reprotect;

/**
 * Attach the VM's disks to the master target: its existing VMDKs (ORIGINAL), or new disks on the
 * datastore and a new VM on the master target's host (ALTERNATE).
 *
 * @param onPremVm the on-premises VM, or null for alternate-location recovery
 */
public record AttachDisksRequest(
    String replicatedItem,
    String onPremVm,
    String masterTarget,
    String datastore,
    RecoveryLocation recoveryLocation) {}
