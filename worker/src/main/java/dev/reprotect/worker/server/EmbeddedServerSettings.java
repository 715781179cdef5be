package dev.reprotect.worker.server;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The embedded default's Temporal server ({@code reprotect.temporal.embedded.*}).
 *
 * @param server {@code auto}: the Temporal CLI's dev server (the real server) when its binary is
 *     found, else Temporal's in-memory server, announced at start, in {@code /health} and on the
 *     dashboard; {@code dev}: the dev server or fail to start; {@code in-memory}: the in-memory
 *     server
 * @param binary the {@code temporal} binary; empty: the one the build installs, else the PATH's
 * @param uiPort the Web UI's port; 0 runs the dev server headless
 * @param persistent keep the dev server's state in {@code reprotect.data-dir} (SQLite); false keeps
 *     it in memory, lost when the process stops (tests)
 * @param readyWithin how long the dev server may take to serve
 */
@ConfigurationProperties("reprotect.temporal.embedded")
public record EmbeddedServerSettings(
    @Bindable(defaultValue = "auto") Mode server,
    @Bindable(defaultValue = "") String binary,
    @Bindable(defaultValue = "8233") int uiPort,
    @Bindable(defaultValue = "true") boolean persistent,
    @Bindable(defaultValue = "60s") Duration readyWithin) {

  /** Which server the embedded default runs. */
  public enum Mode {
    AUTO,
    DEV,
    IN_MEMORY
  }
}
