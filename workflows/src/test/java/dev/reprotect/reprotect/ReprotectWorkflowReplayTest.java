package dev.reprotect.reprotect;

import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.Validation;
import dev.reprotect.replay.CommittedHistories;
import dev.reprotect.replay.NonDeterminism;
import dev.reprotect.replay.ReplaysCommittedHistories;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every committed history of a real run (recorded from the embedded stack against the simulated
 * site) must replay against today's ReprotectWorkflowImpl: a change that breaks old histories fails
 * here before it reaches a worker.
 */
class ReprotectWorkflowReplayTest extends ReplaysCommittedHistories {

  static final String HISTORIES = "/histories/reprotect";

  /** For the versioning test, which replays a part of them against a reordered copy. */
  static List<Path> histories() throws Exception {
    return CommittedHistories.under(HISTORIES);
  }

  ReprotectWorkflowReplayTest() {
    super(HISTORIES, ReprotectWorkflowImpl.class);
  }

  @Test
  void theCommittedHistoriesCoverSuccessAlternateLocationFailureAndCancel() throws Exception {
    CommittedHistories.assertCover(
        HISTORIES, List.of("protected-original", "protected-alternate", "failed-", "cancelled"));
  }

  @Test
  void givenAWorkflowThatSkipsAStep_whenReplayingAnOldHistory_itShouldBeCaught() throws Exception {
    WorkflowExecutionHistory history = CommittedHistories.first(HISTORIES, "protected-original");

    NonDeterminism.assertCaught(
        () -> WorkflowReplayer.replayWorkflowExecution(history, WorkflowWithoutMergeStep.class));
  }

  /** An incompatible change: the snapshot merge removed without Workflow.getVersion. */
  public static class WorkflowWithoutMergeStep implements ReprotectWorkflow {
    private final PreflightActivities validation =
        Workflow.newActivityStub(
            PreflightActivities.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());
    private final ReprotectActivities steps =
        Workflow.newActivityStub(
            ReprotectActivities.class,
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
