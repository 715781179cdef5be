package dev.reprotect.watch;

import dev.reprotect.reprotect.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;

/**
 * The protection watch as one sweep over every protected item, not one watcher per VM: Site
 * Recovery lists a vault's protected items (with rpoInSeconds, replicationHealth, healthErrors) in
 * pages, so a check of 2,000 machines is a handful of reads and ~12 history events, where 2,000
 * watchers would make 2,000 reads and 24,000 events a round and run into Azure Resource Manager's
 * read throttling. Membership needs no bookkeeping: an item is watched while the Azure side says it
 * is protected back on-premises, so one failed back, unprotected or reprotecting again drops out by
 * itself, and comes back once protected again.
 *
 * <p>Each check is one activity and one timer; the run continues as new every {@link
 * WatchRequest#checksPerRun()} checks or past {@link #HISTORY_BYTES_PER_RUN} of history, carrying
 * its readings, so the history stays bounded. A check that fails (Azure side unreachable past the
 * retries) keeps the last readings and their {@code lastCheckedAt}: the watch-stopped alert then
 * tells the SRE that the readings are old.
 */
public class ProtectionWatchWorkflowImpl implements ProtectionWatchWorkflow {

  private static final Logger LOG = Workflow.getLogger(ProtectionWatchWorkflowImpl.class);

  /**
   * One check: a read of the Azure side, retried for a few minutes (throttling, a busy
   * configuration server); past that the check is skipped and the next one tries again.
   */
  static final ActivityOptions CHECK =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(2))
          .setScheduleToCloseTimeout(Duration.ofMinutes(5))
          .setRetryOptions(Retries.backoff(Duration.ofSeconds(1), Duration.ofSeconds(30)))
          .build();

  private final ProtectionActivities azure =
      Workflow.newActivityStub(ProtectionActivities.class, CHECK);

  private ProtectionReadings readings = ProtectionReadings.NONE;

  @Override
  public void watch(WatchRequest request) {
    if (request.carried() != null) {
      readings = request.carried();
    }
    for (int i = 0; i < request.checksPerRun() && !historyFull(); i++) {
      check();
      Workflow.sleep(request.checkInterval());
    }
    Workflow.continueAsNew(
        new WatchRequest(request.checkInterval(), request.checksPerRun(), readings));
  }

  /**
   * A check's result carries every protected item's readings (about 230 bytes each: 460 KB at 2,000
   * VMs), so a run also continues as new once its history passes this size or the server suggests
   * it, well under Temporal's 10 MB warning and 50 MB limit, whatever the item count.
   */
  static final long HISTORY_BYTES_PER_RUN = 4L * 1024 * 1024;

  private static boolean historyFull() {
    return Workflow.getInfo().getHistorySize() > HISTORY_BYTES_PER_RUN
        || Workflow.getInfo().isContinueAsNewSuggested();
  }

  @Override
  public ProtectionReadings readings() {
    return readings;
  }

  private void check() {
    List<ProtectionReading> seen;
    try {
      seen = azure.checkProtection();
    } catch (ActivityFailure failed) {
      LOG.warn(
          "protection check failed; keeping the readings of {}: {}",
          readings.lastCheckedAt(),
          failed.getCause() == null ? failed.getMessage() : failed.getCause().getMessage());
      return;
    }
    Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
    Set<String> still =
        seen.stream().map(ProtectionReading::replicatedItem).collect(Collectors.toSet());
    List<ProtectionReading> left =
        readings.items().stream().filter(r -> !still.contains(r.replicatedItem())).toList();
    WatchMetrics.checked(seen, left, now);
    readings = new ProtectionReadings(seen, now, readings.checks() + 1);
  }
}
