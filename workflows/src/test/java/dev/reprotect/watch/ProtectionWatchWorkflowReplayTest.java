package dev.reprotect.watch;

import dev.reprotect.replay.CommittedHistories;
import dev.reprotect.replay.NonDeterminism;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed histories of the protection watch (recorded by ProtectionWatchWorkflowTest with
 * -Dreprotect.recordHistories=true: three checks, then continue-as-new) must replay against
 * today's ProtectionWatchWorkflowImpl.
 */
class ProtectionWatchWorkflowReplayTest {

  static final String HISTORIES = "/histories/watch";

  static List<Path> histories() throws Exception {
    return CommittedHistories.under(HISTORIES);
  }

  @ParameterizedTest
  @MethodSource("histories")
  void givenACommittedHistory_whenReplayed_itShouldReplayWithoutNonDeterminism(Path history)
      throws Exception {
    CommittedHistories.replay(history, ProtectionWatchWorkflowImpl.class);
  }

  @Test
  void givenAWatchThatNoLongerChecks_whenReplayingAnOldHistory_itShouldBeCaught() throws Exception {
    WorkflowExecutionHistory history = CommittedHistories.first(HISTORIES, "");

    NonDeterminism.assertCaught(
        () -> WorkflowReplayer.replayWorkflowExecution(history, WatchThatOnlySleeps.class));
  }

  /** An incompatible change: the watch sleeps without reading the Azure side. */
  public static class WatchThatOnlySleeps implements ProtectionWatchWorkflow {
    @Override
    public void watch(WatchRequest request) {
      for (int i = 0; i < request.checksPerRun(); i++) {
        Workflow.sleep(request.checkInterval());
      }
    }

    @Override
    public ProtectionReadings readings() {
      return ProtectionReadings.NONE;
    }
  }
}
