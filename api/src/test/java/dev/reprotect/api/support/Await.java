package dev.reprotect.api.support;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Polls until a condition holds, for a bounded time. */
public final class Await {

  private Await() {}

  public static <T> T until(
      Supplier<T> read, Predicate<T> condition, Duration timeout, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    T last = null;
    while (System.nanoTime() < deadline) {
      last = read.get();
      if (condition.test(last)) {
        return last;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    throw new AssertionError("timed out waiting for " + what + "; last: " + last);
  }
}
