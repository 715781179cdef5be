package dev.reprotect;

import dev.reprotect.visibility.ReprotectSearchAttributes;
import dev.reprotect.worker.server.TemporalCli;
import dev.reprotect.worker.server.TemporalDevServer;
import io.temporal.common.SearchAttributeKey;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Temporal's real server (the CLI's dev server, installed by the build) for tests that run several
 * processes against one Temporal: headless, on the given port, with our search attributes.
 */
final class DevServers {

  private DevServers() {}

  /** The binary the build installed; a test cannot run on the real server without it. */
  static TemporalCli cli() {
    return TemporalCli.find("")
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no temporal binary at "
                        + TemporalCli.installedByBuild()
                        + " or on the PATH: the build installs it (worker/src/build/install-temporal-cli.sh)"));
  }

  /** A server whose state is in memory (an in-memory SQLite database), gone when it stops. */
  static TemporalDevServer start(int port) throws IOException {
    return start(port, null);
  }

  /** A server whose state lives in {@code dataDir} (null: in memory). */
  static TemporalDevServer start(int port, Path dataDir) throws IOException {
    return TemporalDevServer.start(
        new TemporalDevServer.Options(
            cli(),
            "127.0.0.1",
            port,
            0,
            dataDir,
            "default",
            ReprotectSearchAttributes.ALL.stream()
                .map(SearchAttributeKey::getName)
                .map(n -> n + "=Keyword")
                .toList()),
        Duration.ofSeconds(60));
  }
}
