package dev.reprotect.inventory;

import java.util.List;

/** The Reprotect dialog's choices for one replicated item, each marked eligible or not. */
public record ReprotectOptions(
    String replicatedItem,
    List<ReprotectOption> masterTargets,
    List<ReprotectOption> processServers,
    List<ReprotectOption> datastores,
    List<ReprotectOption> retentionDrives) {}
