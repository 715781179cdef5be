package dev.reprotect.api.watch;

import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.watch.ProtectionReadings;
import dev.reprotect.watch.ProtectionWatchWorkflow;
import io.temporal.client.WorkflowException;
import jakarta.inject.Singleton;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The protection watch's last readings, by its query (one call whatever the number of items). No
 * watch yet (a fresh namespace before any worker started it), or one that cannot answer: no
 * readings, so items show null RPO and health, as before their first check.
 */
@Singleton
public class ProtectionWatchReader {

  private static final Logger LOG = LoggerFactory.getLogger(ProtectionWatchReader.class);

  private final Temporal temporal;

  public ProtectionWatchReader(Temporal temporal) {
    this.temporal = temporal;
  }

  /** {@link #read} without blocking a thread: no readings when the watch cannot answer. */
  public CompletableFuture<ProtectionReadings> readAsync() {
    String watch = ProtectionWatchWorkflow.WORKFLOW_ID;
    return temporal
        .queryAsync(watch, "", ProtectionWatchWorkflow.READINGS_QUERY)
        .handle(
            (answer, failure) -> {
              if (failure != null || answer.hasQueryRejected() || !answer.hasQueryResult()) {
                LOG.debug(
                    "protection watch not answering: {}", failure == null ? "rejected" : failure);
                return ProtectionReadings.NONE;
              }
              try {
                ProtectionReadings readings =
                    temporal
                        .client()
                        .getOptions()
                        .getDataConverter()
                        .fromPayloads(
                            0,
                            Optional.of(answer.getQueryResult()),
                            ProtectionReadings.class,
                            ProtectionReadings.class);
                return readings == null ? ProtectionReadings.NONE : readings;
              } catch (RuntimeException unreadable) {
                LOG.debug("protection watch's readings unreadable: {}", unreadable.toString());
                return ProtectionReadings.NONE;
              }
            });
  }

  public ProtectionReadings read() {
    try {
      ProtectionReadings readings =
          temporal
              .client()
              .newWorkflowStub(ProtectionWatchWorkflow.class, ProtectionWatchWorkflow.WORKFLOW_ID)
              .readings();
      return readings == null ? ProtectionReadings.NONE : readings;
    } catch (WorkflowException unanswered) {
      LOG.debug("protection watch not answering: {}", unanswered.toString());
      return ProtectionReadings.NONE;
    }
  }
}
