package dev.reprotect.reprotect;

/** Start replication from Azure back to the master target under the fixed failback policy. */
public record StartReplicationRequest(
    String replicatedItem,
    String masterTarget,
    String processServer,
    String datastore,
    String retentionDrive,
    FailbackPolicy policy) {}
