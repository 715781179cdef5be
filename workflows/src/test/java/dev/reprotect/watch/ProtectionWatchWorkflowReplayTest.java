package dev.reprotect.watch;

import dev.reprotect.replay.CommittedHistories;
import dev.reprotect.replay.NonDeterminism;
import dev.reprotect.replay.ReplaysCommittedHistories;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import org.junit.jupiter.api.Test;

/**
 * The committed histories of the protection watch (recorded by ProtectionWatchWorkflowTest with
 * -Dreprotect.recordHistories=true: three checks, then continue-as-new) must replay against today's
 * ProtectionWatchWorkflowImpl.
 */
class ProtectionWatchWorkflowReplayTest extends ReplaysCommittedHistories {

  static final String HISTORIES = "/histories/watch";

  ProtectionWatchWorkflowReplayTest() {
    super(HISTORIES, ProtectionWatchWorkflowImpl.class);
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
