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
        .queryResultAsync(
            watch, "", ProtectionReadings.class, ProtectionWatchWorkflow.READINGS_QUERY)
        .exceptionally(
            unreachable -> {
              LOG.debug("protection watch not answering: {}", unreachable.toString());
              return Optional.empty();
            })
        .thenApply(readings -> readings.orElse(ProtectionReadings.NONE));
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
