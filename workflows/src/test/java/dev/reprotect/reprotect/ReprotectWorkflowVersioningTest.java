package dev.reprotect.reprotect;

import dev.reprotect.replay.NonDeterminism;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * R6 change safety, both halves on every committed reprotect history: a step reordered the
 * documented way ({@code Workflow.getVersion}, old order kept for old runs) replays them all; the
 * same reorder without it is caught as non-determinism on every history that ran those steps.
 */
class ReprotectWorkflowVersioningTest {

  /** Every committed history: the change overrides only the workflow's on-premises seam. */
  static List<Path> histories() throws Exception {
    return ReprotectWorkflowReplayTest.histories();
  }

  /** The histories whose run reached POWER_OFF (the alternate-location run skips it). */
  static List<Path> historiesThatPoweredOff() throws Exception {
    return histories().stream()
        .filter(
            p -> {
              try {
                return Files.readString(p).contains("\"PowerOff\"");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            })
        .toList();
  }

  @ParameterizedTest
  @MethodSource("histories")
  void givenAStepReorderedWithGetVersion_whenReplayingACommittedHistory_itShouldReplay(Path history)
      throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)),
        ReprotectWorkflowPowerOffFirst.class);
  }

  @ParameterizedTest
  @MethodSource("historiesThatPoweredOff")
  void givenTheSameReorderWithoutGetVersion_whenReplayingACommittedHistory_itShouldBeCaught(
      Path history) throws Exception {
    WorkflowExecutionHistory old = WorkflowExecutionHistory.fromJson(Files.readString(history));
    NonDeterminism.assertCaught(
        () ->
            WorkflowReplayer.replayWorkflowExecution(
                old, ReprotectWorkflowPowerOffFirst.Unversioned.class));
  }
}
