package dev.reprotect.capacity;

import dev.reprotect.replay.CommittedHistories;
import dev.reprotect.replay.NonDeterminism;
import dev.reprotect.replay.ReplaysCommittedHistories;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed histories of master targets' slots workflows (recorded by
 * ReprotectWorkflowSlotsTest#recordHistoriesWithSlots: a grant, a commit, a denial and a release)
 * must replay against today's MasterTargetSlotsWorkflowImpl.
 */
class MasterTargetSlotsWorkflowReplayTest extends ReplaysCommittedHistories {

  static final String HISTORIES = "/histories/capacity";

  MasterTargetSlotsWorkflowReplayTest() {
    super(HISTORIES, MasterTargetSlotsWorkflowImpl.class);
  }

  @Test
  void givenASlotsWorkflowThatNoLongerAnswers_whenReplayingAnOldHistory_itShouldBeCaught()
      throws Exception {
    WorkflowExecutionHistory history = CommittedHistories.first(HISTORIES, "");

    NonDeterminism.assertCaught(
        () -> WorkflowReplayer.replayWorkflowExecution(history, SlotsThatNeverAnswer.class));
  }

  /** An incompatible change: requests are taken but no grant is ever signalled. */
  public static class SlotsThatNeverAnswer implements MasterTargetSlotsWorkflow {
    @Override
    public void run(SlotsLedger ledger) {
      Workflow.await(() -> false);
    }

    @Override
    public void request(SlotRequest request) {}

    @Override
    public SlotAnswer reserve(SlotRequest request) {
      Workflow.await(() -> false);
      return null;
    }

    @Override
    public void release(SlotRelease release) {}

    @Override
    public SlotsView slots() {
      return new SlotsView("", 0, 0, Map.of(), Map.of(), List.of());
    }
  }
}
