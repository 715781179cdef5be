package dev.reprotect.worker.server;

import dev.reprotect.visibility.ReprotectSearchAttributes;
import dev.reprotect.worker.TemporalSettings;
import io.micronaut.context.annotation.Requires;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testserver.TestServer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default's Temporal server, on the target's port. Normally Temporal's real server:
 * the CLI's dev server as a child process, its state in SQLite under {@link DataDirectory}, so a
 * crash or restart of this process loses nothing, with the Web UI. Where no {@code temporal} binary
 * can be had, Temporal's in-memory server instead, announced as such (everything is lost when the
 * process exits).
 */
@Singleton
@Requires(property = "reprotect.temporal.embedded-server", notEquals = "false")
public class EmbeddedTemporalServer implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTemporalServer.class);

  /** What runs: the real dev server, or the in-memory fallback. */
  public enum Kind {
    DEV_SERVER,
    IN_MEMORY
  }

  private final Kind kind;
  private final int port;
  private final TemporalDevServer devServer;
  private final Closeable inMemory;
  private final Path dataDir;
  private final String why;

  public EmbeddedTemporalServer(
      TemporalSettings settings, EmbeddedServerSettings embedded, DataDirectory data) {
    this.port = settings.port();
    Optional<TemporalCli> cli =
        embedded.server() == EmbeddedServerSettings.Mode.IN_MEMORY
            ? Optional.empty()
            : TemporalCli.find(embedded.binary());
    if (cli.isPresent()) {
      this.kind = Kind.DEV_SERVER;
      this.dataDir = embedded.persistent() ? data.path() : null;
      this.inMemory = null;
      this.why = null;
      try {
        this.devServer =
            TemporalDevServer.start(
                new TemporalDevServer.Options(
                    cli.get(),
                    bindAddress(settings.target()),
                    port,
                    embedded.uiPort(),
                    dataDir,
                    settings.namespace(),
                    searchAttributes()),
                embedded.readyWithin());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start Temporal's dev server: " + e.getMessage(), e);
      }
      return;
    }
    if (embedded.server() == EmbeddedServerSettings.Mode.DEV) {
      throw new IllegalStateException(
          "reprotect.temporal.embedded.server is 'dev' but no temporal binary was found"
              + (embedded.binary().isBlank()
                  ? " at " + TemporalCli.installedByBuild() + " or on the PATH"
                  : " at " + embedded.binary())
              + ": run worker/src/build/install-temporal-cli.sh (the build runs it), or set reprotect.temporal.embedded.binary");
    }
    this.kind = Kind.IN_MEMORY;
    this.devServer = null;
    this.dataDir = null;
    this.why =
        embedded.server() == EmbeddedServerSettings.Mode.IN_MEMORY
            ? "chosen by reprotect.temporal.embedded.server=in-memory"
            : "no temporal binary at "
                + (embedded.binary().isBlank()
                    ? TemporalCli.installedByBuild() + " or on the PATH"
                    : embedded.binary());
    // lockTimeSkipping=true: the server's clock is the wall clock, as a real cluster's is.
    this.inMemory = TestServer.createPortBoundServer(port, true);
    LOG.warn(
        "*** Temporal's IN-MEMORY test server on port {} ({}): every reprotection and plan is LOST when this "
            + "process exits, and there is no Web UI. Install the Temporal CLI (worker/src/build/install-temporal-cli.sh) "
            + "to run on Temporal's real server. ***",
        port,
        why);
  }

  public Kind kind() {
    return kind;
  }

  public int port() {
    return port;
  }

  /** The Temporal Web UI, when the dev server serves it. */
  public Optional<String> uiUrl() {
    return devServer == null ? Optional.empty() : devServer.uiUrl();
  }

  /** Where the server's state lives; empty when it is in memory. */
  public Optional<Path> dataDir() {
    return Optional.ofNullable(dataDir);
  }

  /** True when nothing of an earlier run is in the server (a new database, or state in memory). */
  public boolean freshState() {
    return devServer == null || devServer.freshDatabase();
  }

  /** For {@code /health} and the dashboard: what runs, and what that means. */
  public String description() {
    if (kind == Kind.IN_MEMORY) {
      return "Temporal in-memory test server (" + why + "): state is lost when the process exits";
    }
    return "Temporal dev server, "
        + devServer.options().cli().version()
        + (dataDir == null ? ", state in memory" : ", state in " + dataDir.resolve("temporal.db"));
  }

  @PreDestroy
  @Override
  public void close() throws IOException {
    if (devServer != null) {
      devServer.close();
    }
    if (inMemory != null) {
      inMemory.close();
    }
  }

  /** The address the server binds to: the target's host, loopback for localhost. */
  static String bindAddress(String target) {
    String host = target.substring(0, target.lastIndexOf(':'));
    return host.isBlank() || host.equals("localhost") ? "127.0.0.1" : host;
  }

  private static List<String> searchAttributes() {
    return ReprotectSearchAttributes.ALL.stream()
        .map(SearchAttributeKey::getName)
        .map(name -> name + "=Keyword")
        .toList();
  }
}
