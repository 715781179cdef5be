package dev.reprotect.worker;

import io.micronaut.context.annotation.Requires;
import io.temporal.testserver.TestServer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.io.Closeable;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default: Temporal's in-memory server (a real gRPC service) on the target's TCP port,
 * so {@code temporal}/{@code tctl} clients and other workers can connect. It keeps everything in
 * memory: a crash of this process loses every workflow. It runs in real time (no time skipping).
 */
@Singleton
@Requires(property = "reprotect.temporal.embedded-server", notEquals = "false")
public class EmbeddedTemporalServer implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedTemporalServer.class);

  private final Closeable server;
  private final int port;

  public EmbeddedTemporalServer(TemporalSettings settings) {
    this.port = settings.port();
    // lockTimeSkipping=true: the server's clock is the wall clock, as a real cluster's is.
    this.server = TestServer.createPortBoundServer(port, true);
    LOG.info("Embedded Temporal in-memory server listening on port {} (state is lost when this process exits)", port);
  }

  public int port() {
    return port;
  }

  @PreDestroy
  @Override
  public void close() throws IOException {
    server.close();
  }
}
