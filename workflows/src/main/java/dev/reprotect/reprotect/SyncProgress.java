package dev.reprotect.reprotect;

/**
 * Heartbeat details of the SYNCHRONIZE step (and of START_REPLICATION when the Azure side reports a
 * job): read back by a retried attempt, and by the API for a running reprotection's progress. Kept
 * out of the history: heartbeats are not events.
 *
 * @param detail what the Azure side says it is doing, e.g. the Site Recovery job's tasks and the
 *     RPO; null when it says nothing more (heartbeats written before this field read as null)
 */
public record SyncProgress(
    int percent, long bytesSent, long bytesTotal, String replicationState, String detail) {

  public SyncProgress(int percent, long bytesSent, long bytesTotal, String replicationState) {
    this(percent, bytesSent, bytesTotal, replicationState, null);
  }
}
