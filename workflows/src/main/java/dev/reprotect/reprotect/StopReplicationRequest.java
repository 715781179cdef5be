package dev.reprotect.reprotect;

/** Compensation: stop the replication this reprotection started. */
public record StopReplicationRequest(String replicatedItem) {}
