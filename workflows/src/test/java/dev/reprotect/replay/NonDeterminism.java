package dev.reprotect.replay;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import io.temporal.worker.NonDeterministicException;
import org.junit.jupiter.api.function.Executable;

/**
 * A negative replay test passes only for the failure it is about: the SDK's
 * NonDeterministicException. WorkflowReplayer (SDK 1.38) reports it inside a RuntimeException whose
 * message carries the query failure's {@code error=io.temporal.worker.NonDeterministicException},
 * not as a cause; both forms count. Any other failure (a serialization error, a deadlock, a bug in
 * the test's workflow) fails the test instead of passing it.
 */
public final class NonDeterminism {

  private NonDeterminism() {}

  public static NonDeterministicException assertCaught(Executable replay) {
    Throwable thrown = assertThrows(Throwable.class, replay);
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof NonDeterministicException nonDeterministic) {
        return nonDeterministic;
      }
      String message = String.valueOf(t.getMessage());
      if (message.contains("error=" + NonDeterministicException.class.getName() + ":")) {
        return new NonDeterministicException(message);
      }
    }
    return fail("the replay failed, but not with NonDeterministicException: " + thrown, thrown);
  }
}
