package dev.reprotect;

import dev.reprotect.logging.LogFormatEncoder;
import io.micronaut.runtime.Micronaut;

/**
 * The one runnable artifact. With no configuration it runs the embedded default in one process:
 * Temporal's in-memory server, the worker (against the simulated site) and the HTTP API. The
 * environments {@code worker} and {@code api} (MICRONAUT_ENVIRONMENTS) run one role against a real
 * Temporal cluster.
 */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    // JSON logs (REPROTECT_LOG_FORMAT=json): every stdout line must be JSON, so no ASCII banner.
    Micronaut.build(args)
        .mainClass(Application.class)
        .banner(!LogFormatEncoder.chosen().equals(LogFormatEncoder.JSON))
        .start();
  }
}
