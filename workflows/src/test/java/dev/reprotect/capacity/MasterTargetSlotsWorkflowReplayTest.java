package dev.reprotect.capacity;

import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.reprotect.replay.NonDeterminism;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed histories of master targets' slots workflows (recorded by
 * ReprotectWorkflowSlotsTest#recordHistoriesWithSlots: a grant, a commit, a denial and a release)
 * must replay against today's MasterTargetSlotsWorkflowImpl.
 */
class MasterTargetSlotsWorkflowReplayTest {

  static final String HISTORIES = "/histories/capacity";

  static List<Path> histories() throws Exception {
    Path dir = Path.of(MasterTargetSlotsWorkflowReplayTest.class.getResource(HISTORIES).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  @ParameterizedTest
  @MethodSource("histories")
  void givenACommittedHistory_whenReplayed_itShouldReplayWithoutNonDeterminism(Path history)
      throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)),
        MasterTargetSlotsWorkflowImpl.class);
  }

  @Test
  void givenASlotsWorkflowThatNoLongerAnswers_whenReplayingAnOldHistory_itShouldBeCaught()
      throws Exception {
    WorkflowExecutionHistory history =
        WorkflowExecutionHistory.fromJson(Files.readString(histories().get(0)));
    assertFalse(history.getEvents().isEmpty());

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
