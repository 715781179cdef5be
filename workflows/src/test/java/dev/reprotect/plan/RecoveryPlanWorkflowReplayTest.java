package dev.reprotect.plan;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.replay.NonDeterminism;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every committed history of a plan run (recorded by RecoveryPlanWorkflowTest with
 * -Dreprotect.recordHistories=true: real ReprotectWorkflowImpl children, mocked activities) must
 * replay against today's RecoveryPlanWorkflowImpl.
 */
class RecoveryPlanWorkflowReplayTest {

  static final String HISTORIES = "/histories/plan";

  static List<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(RecoveryPlanWorkflowReplayTest.class.getResource(HISTORIES).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void theCommittedHistoriesCoverAFailedMixedPlanASecondStartAndACancel() throws Exception {
    List<String> names = histories().stream().map(p -> p.getFileName().toString()).toList();
    for (String expected :
        List.of("failed-mixed", "protected-second-start", "cancelled", "continued-as-new")) {
      assertTrue(
          names.stream().anyMatch(n -> n.startsWith(expected)),
          "no history named " + expected + "*: " + names);
    }
  }

  @ParameterizedTest
  @MethodSource("histories")
  void givenACommittedHistory_whenReplayed_itShouldReplayWithoutNonDeterminism(Path history)
      throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)),
        RecoveryPlanWorkflowImpl.class);
  }

  @Test
  void givenAPlanThatNoLongerChecksEarlierReprotections_whenReplayingAnOldHistory_itShouldBeCaught()
      throws Exception {
    Path mixed =
        histories().stream()
            .filter(p -> p.getFileName().toString().startsWith("failed-mixed"))
            .findFirst()
            .orElseThrow();
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(mixed));
    assertFalse(history.getEvents().isEmpty());

    NonDeterminism.assertCaught(
        () -> WorkflowReplayer.replayWorkflowExecution(history, PlanWithoutEarlierCheck.class));
  }

  /**
   * An incompatible change: the earlier-reprotections activity dropped without Workflow.getVersion.
   */
  public static class PlanWithoutEarlierCheck implements RecoveryPlanWorkflow {
    private final PlanPreflightActivities preflight =
        Workflow.newActivityStub(
            PlanPreflightActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public PlanStatus reprotect(RecoveryPlanRequest request) {
      preflight.preflightPlan(request);
      preflight.replicationGroups(request);
      List<Promise<dev.reprotect.reprotect.ReprotectStatus>> children = new ArrayList<>();
      for (ReprotectRequest m : request.machines()) {
        ReprotectWorkflow child =
            Workflow.newChildWorkflowStub(
                ReprotectWorkflow.class,
                RecoveryPlanWorkflowImpl.CHILD.toBuilder().setWorkflowId(m.workflowId()).build());
        children.add(Async.function(child::reprotect, m));
      }
      Promise.allOf(children).get();
      return null;
    }

    @Override
    public PlanStatus status() {
      return null;
    }

    @Override
    public PlanMachines machines(int from) {
      return null;
    }

    @Override
    public void pause(String by) {}

    @Override
    public void resume(String by) {}
  }
}
