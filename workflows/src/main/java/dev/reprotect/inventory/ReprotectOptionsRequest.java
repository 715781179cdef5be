package dev.reprotect.inventory;

/**
 * The Reprotect dialog's choices for one item.
 *
 * @param masterTarget optional: judge datastores and retention drives against this master target;
 *     null judges each against every eligible master target
 */
public record ReprotectOptionsRequest(String replicatedItem, String masterTarget) {}
