package dev.reprotect.reprotect;

/**
 * Heartbeat details of the SYNCHRONIZE step: read back by a retried attempt, and by the API for a
 * running reprotection's progress. Kept out of the history: heartbeats are not events.
 */
public record SyncProgress(int percent, long bytesSent, long bytesTotal, String replicationState) {}
