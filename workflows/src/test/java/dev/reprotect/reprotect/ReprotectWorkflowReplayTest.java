package dev.reprotect.reprotect;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.Validation;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.WorkflowExecutionHistory;
import dev.reprotect.replay.NonDeterminism;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every committed history of a real run (recorded from the embedded stack against the simulated
 * site) must replay against today's ReprotectWorkflowImpl: a change that breaks old histories
 * fails here before it reaches a worker.
 */
class ReprotectWorkflowReplayTest {

  static final String HISTORIES = "/histories/reprotect";

  static List<Path> histories() throws IOException, URISyntaxException {
    Path dir = Path.of(ReprotectWorkflowReplayTest.class.getResource(HISTORIES).toURI());
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
    }
  }

  @Test
  void theCommittedHistoriesCoverSuccessAlternateLocationFailureAndCancel() throws Exception {
    List<String> names = histories().stream().map(p -> p.getFileName().toString()).toList();
    for (String expected : List.of("protected-original", "protected-alternate", "failed-", "cancelled")) {
      assertTrue(names.stream().anyMatch(n -> n.startsWith(expected)), "no history named " + expected + "*: " + names);
    }
  }

  @ParameterizedTest
  @MethodSource("histories")
  void givenACommittedHistory_whenReplayed_itShouldReplayWithoutNonDeterminism(Path history) throws Exception {
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(Files.readString(history)), ReprotectWorkflowImpl.class);
  }

  @Test
  void givenAWorkflowThatSkipsAStep_whenReplayingAnOldHistory_itShouldBeCaught() throws Exception {
    Path protectedRun = histories().stream()
        .filter(p -> p.getFileName().toString().startsWith("protected-original"))
        .findFirst()
        .orElseThrow();
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(Files.readString(protectedRun));
    assertFalse(history.getEvents().isEmpty());

    NonDeterminism.assertCaught(
        () -> WorkflowReplayer.replayWorkflowExecution(history, WorkflowWithoutMergeStep.class));
  }

  /** An incompatible change: the snapshot merge removed without Workflow.getVersion. */
  public static class WorkflowWithoutMergeStep implements ReprotectWorkflow {
    private final PreflightActivities validation =
        Workflow.newActivityStub(PreflightActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
    private final ReprotectActivities steps =
        Workflow.newActivityStub(ReprotectActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

    @Override
    public ReprotectStatus reprotect(ReprotectRequest request) {
      Validation passed = validation.validate(request);
      String vm = request.replicatedItem();
      steps.waitForAgent(new WaitForAgentRequest(vm));
      steps.powerOff(new PowerOffRequest(vm, passed.target().onPremVm()));
      return null;
    }

    @Override
    public ReprotectStatus status() {
      return null;
    }

    @Override
    public void slotsGranted(dev.reprotect.capacity.SlotGrant grant) {}
  }
}
