package dev.reprotect.reprotect;

/** Merge (consolidate and remove) every snapshot of the on-premises VM. */
public record MergeSnapshotsRequest(String replicatedItem, String onPremVm) {}
