package dev.reprotect.replay;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A replay test of one workflow: every history committed under {@link #directory()} must replay
 * against today's {@link #workflow()}, one dynamic test per history; the subclass adds the
 * negative test that proves an incompatible change is caught.
 */
public abstract class ReplaysCommittedHistories {

  /** The test resource directory of the histories, e.g. {@code /histories/reprotect}. */
  protected abstract String directory();

  /** Today's implementation of the workflow. */
  protected abstract Class<?> workflow();

  @TestFactory
  Stream<DynamicTest> givenTheCommittedHistories_whenReplayed_eachReplaysWithoutNonDeterminism()
      throws Exception {
    return CommittedHistories.under(directory()).stream().map(file -> DynamicTest.dynamicTest(
        file.getFileName().toString(), () -> CommittedHistories.replay(file, workflow())));
  }
}
