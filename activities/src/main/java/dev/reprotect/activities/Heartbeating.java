package dev.reprotect.activities;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps an activity heartbeating while it waits on one slow call: an ARM call with its in-call
 * retries and Retry-After waits can take minutes, longer than a heartbeat timeout chosen to notice
 * a dead worker within seconds. The last details are sent again (the progress the API shows does
 * not go blank); a cancel is seen by the activity's own next heartbeat.
 */
public final class Heartbeating {

  /** Well under the shortest heartbeat timeout of a step that uses it (SYNCHRONIZE: 10 s). */
  public static final Duration EVERY = Duration.ofSeconds(3);

  private static final ScheduledExecutorService BEATS =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "activity-keepalive-heartbeats");
            thread.setDaemon(true);
            return thread;
          });

  private Heartbeating() {}

  public static <T> T during(
      ActivityExecutionContext ctx, Object details, Duration every, Supplier<T> call) {
    ScheduledFuture<?> beats =
        BEATS.scheduleAtFixedRate(
            () -> {
              try {
                ctx.heartbeat(details);
              } catch (ActivityCompletionException cancelledOrGone) {
                // The activity thread meets it at its own next heartbeat.
              } catch (RuntimeException notNow) {
                // Never let a keepalive fault end the schedule silently mid-call: the next one
                // retries.
              }
            },
            every.toMillis(),
            every.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return call.get();
    } finally {
      beats.cancel(false);
    }
  }
}
