package dev.reprotect.reprotect;

/**
 * Follow replication until the VM is protected, watching that the on-premises VM stays off and the
 * master target stays where it is.
 *
 * @param onPremVm the on-premises VM, or null for alternate-location recovery
 */
public record SynchronizeRequest(String replicatedItem, String onPremVm, String masterTarget) {}
