package dev.reprotect.replay;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A replay test of one workflow: every history committed under its directory must replay against
 * today's implementation, one dynamic test per history; the subclass adds the negative test that
 * proves an incompatible change is caught.
 */
public abstract class ReplaysCommittedHistories {

  private final String directory;
  private final Class<?> workflow;

  /**
   * @param directory the test resource directory of the histories, e.g. /histories/reprotect
   * @param workflow today's implementation of the workflow
   */
  protected ReplaysCommittedHistories(String directory, Class<?> workflow) {
    this.directory = directory;
    this.workflow = workflow;
  }

  @TestFactory
  Stream<DynamicTest> givenTheCommittedHistories_whenReplayed_eachReplaysWithoutNonDeterminism()
      throws Exception {
    return CommittedHistories.under(directory).stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(),
                    () -> CommittedHistories.replay(file, workflow)));
  }
}
