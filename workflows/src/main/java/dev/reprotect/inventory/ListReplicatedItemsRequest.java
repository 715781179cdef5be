package dev.reprotect.inventory;

/** Which replicated items to list: all of them, or those of one recovery plan (null for all). */
public record ListReplicatedItemsRequest(String recoveryPlan) {}
