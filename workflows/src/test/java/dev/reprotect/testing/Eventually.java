package dev.reprotect.testing;

import java.time.Duration;

/**
 * Waits for a check that holds only once asynchronous work has landed (a signal answered, a query
 * that sees it): tries it every 20 ms and rethrows its last failure when the time is up.
 */
public final class Eventually {

  private Eventually() {}

  public static void eventually(Duration within, Runnable check) {
    long deadline = System.nanoTime() + within.toNanos();
    while (true) {
      try {
        check.run();
        return;
      } catch (AssertionError | RuntimeException notYet) {
        if (System.nanoTime() > deadline) {
          throw notYet;
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError(e);
        }
      }
    }
  }
}
