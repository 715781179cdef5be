package dev.reprotect.cli.watch;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The loop every watch runs: read a status until it has ended, printing each new body with --output
 * json, or drawing it as a frame of lines otherwise.
 */
final class StatusFollower {

  private StatusFollower() {}

  /** The status at {@code path} once {@code ended} holds for it. */
  static <T> T untilEnded(
      CliSession session,
      String path,
      WatchOptions options,
      Class<T> type,
      Predicate<T> ended,
      Function<T, List<LiveView.Line>> frame)
      throws InterruptedException {
    Poller poller = new Poller(session.api(), path, options.interval(), session.err());
    LiveView view = LiveView.of(session.out(), options.redraw());
    String lastBody = null;
    while (true) {
      ApiAnswer answer = poller.read();
      T status = session.read(answer, type);
      if (!session.json()) {
        view.show(frame.apply(status));
      } else if (!answer.body().equals(lastBody)) {
        session.printBody(answer);
        lastBody = answer.body();
      }
      if (ended.test(status)) {
        return status;
      }
      poller.pause();
    }
  }

  /** Flushes what the end printed: 0 when it ended PROTECTED, 1 otherwise. */
  static int exitCode(CliSession session, boolean isProtected) {
    session.out().flush();
    session.err().flush();
    return isProtected ? ExitCodes.OK : ExitCodes.ENDED_UNPROTECTED;
  }
}
