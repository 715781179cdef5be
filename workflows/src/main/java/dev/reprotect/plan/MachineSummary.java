package dev.reprotect.plan;

import dev.reprotect.reprotect.ErrorInfo;
import dev.reprotect.reprotect.ReprotectRequest;
import java.util.List;

/**
 * One machine of a plan as the plan's status shows it.
 *
 * @param id the machine's reprotection (workflow) id, {@code reprotect-{replicatedItem}}
 * @param state {@code PENDING} before its reprotection starts, then a {@code ReprotectState} name
 * @param progressPercent 0 while pending, 100 when protected
 * @param error why it failed, or null
 * @param masterTarget the machine's master target as the plan runs it (null in statuses of plans
 *     started before the values were shown); likewise processServer, datastore, retentionDrive
 * @param placed which of those values placement chose ({@code "placement": "auto"}); null when the
 *     request gave them all
 */
public record MachineSummary(
    String replicatedItem,
    String id,
    String state,
    int progressPercent,
    ErrorInfo error,
    String masterTarget,
    String processServer,
    String datastore,
    String retentionDrive,
    List<String> placed) {

  public static final String PENDING = "PENDING";

  /** A summary without the machine's values (the plan adds them when it shows its status). */
  public MachineSummary(String replicatedItem, String id, String state, int progressPercent, ErrorInfo error) {
    this(replicatedItem, id, state, progressPercent, error, null, null, null, null, null);
  }

  /** This summary showing the values the machine runs with and which of them placement chose. */
  public MachineSummary withValues(ReprotectRequest values, List<String> placed) {
    return values == null ? this : new MachineSummary(replicatedItem, id, state, progressPercent, error,
        values.masterTarget(), values.processServer(), values.datastore(), values.retentionDrive(), placed);
  }

  /** This summary with another state, progress and error, its values kept. */
  public MachineSummary withState(String state, int progressPercent, ErrorInfo error) {
    return new MachineSummary(replicatedItem, id, state, progressPercent, error, masterTarget, processServer,
        datastore, retentionDrive, placed);
  }
}
