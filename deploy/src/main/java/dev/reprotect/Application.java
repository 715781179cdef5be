package dev.reprotect;

import io.micronaut.runtime.Micronaut;

/**
 * The one runnable artifact. With no configuration it runs the embedded default in one process:
 * Temporal's in-memory server, the worker (against the simulated site) and the HTTP API. The
 * environments {@code worker} and {@code api} (MICRONAUT_ENVIRONMENTS) run one role against a
 * real Temporal cluster.
 */
public final class Application {

  private Application() {}

  public static void main(String[] args) {
    Micronaut.run(Application.class, args);
  }
}
