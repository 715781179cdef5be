package dev.reprotect.testing;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.function.Executable;

/** Stubs over a {@link TestActivityEnvironment}, and the failure an activity call ended with. */
public final class Activities {

  public static final ActivityOptions ONCE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
          .build();

  private Activities() {}

  public static <T> T stub(TestActivityEnvironment env, Class<T> type) {
    return env.newActivityStub(type, ONCE);
  }

  /** The ApplicationFailure an activity call failed with. */
  public static ApplicationFailure failure(Executable call) {
    ActivityFailure failure = assertThrows(ActivityFailure.class, call);
    Throwable cause = failure.getCause();
    if (cause instanceof ApplicationFailure app) {
      return app;
    }
    throw new AssertionError("not an application failure: " + cause, failure);
  }
}
