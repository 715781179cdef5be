package dev.reprotect.cli.watch;

import dev.reprotect.cli.CliFailure;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import dev.reprotect.cli.http.ApiClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads a status again and again. An API that is briefly unreachable or failing (a restart, a
 * rolling deploy) is waited for up to {@link #PATIENCE}; the watched workflow goes on meanwhile.
 */
final class Poller {

  static final Duration PATIENCE = Duration.ofSeconds(60);

  private final ApiClient api;
  private final String path;
  private final Duration interval;
  private final PrintWriter err;

  Poller(ApiClient api, String path, Duration interval, PrintWriter err) {
    this.api = api;
    this.path = path;
    this.interval = interval;
    this.err = err;
  }

  ApiAnswer read() throws InterruptedException {
    Instant giveUpAt = null;
    while (true) {
      try {
        return api.get(path);
      } catch (CliFailure failure) {
        if (failure.exitCode() != ExitCodes.UNAVAILABLE) {
          throw failure;
        }
        Instant now = Instant.now();
        if (giveUpAt == null) {
          giveUpAt = now.plus(PATIENCE);
          err.println(
              "warning: "
                  + failure.getMessage()
                  + "; retrying for up to "
                  + PATIENCE.toSeconds()
                  + "s");
          err.flush();
        } else if (now.isAfter(giveUpAt)) {
          throw failure;
        }
        pause();
      }
    }
  }

  void pause() throws InterruptedException {
    Thread.sleep(interval.toMillis());
  }
}
