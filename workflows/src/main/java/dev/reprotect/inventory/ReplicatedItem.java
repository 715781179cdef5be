package dev.reprotect.inventory;

/**
 * A replicated item as the Azure side knows it.
 *
 * @param protectionState the item's protection state as Site Recovery reports it, e.g. FAILED_OVER
 * @param replicationGroup the multi-VM consistency group, or null
 * @param recoveryPlan the recovery plan it belongs to, or null
 */
public record ReplicatedItem(
    String name,
    OsType osType,
    String protectionState,
    String replicationGroup,
    String recoveryPlan) {}
