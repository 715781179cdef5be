package dev.reprotect.plan;

import dev.reprotect.replay.CommittedHistories;
import dev.reprotect.replay.NonDeterminism;
import dev.reprotect.replay.ReplaysCommittedHistories;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectWorkflow;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every committed history of a plan run (recorded by RecoveryPlanWorkflowTest with
 * -Dreprotect.recordHistories=true: real ReprotectWorkflowImpl children, mocked activities) must
 * replay against today's RecoveryPlanWorkflowImpl.
 */
class RecoveryPlanWorkflowReplayTest extends ReplaysCommittedHistories {

  static final String HISTORIES = "/histories/plan";

  RecoveryPlanWorkflowReplayTest() {
    super(HISTORIES, RecoveryPlanWorkflowImpl.class);
  }

  @Test
  void theCommittedHistoriesCoverAFailedMixedPlanASecondStartAndACancel() throws Exception {
    CommittedHistories.assertCover(
        HISTORIES,
        List.of(
            "failed-mixed",
            "protected-second-start",
            "cancelled",
            "continued-as-new",
            "carried-in-flight"));
  }

  @Test
  void givenAPlanThatNoLongerChecksEarlierReprotections_whenReplayingAnOldHistory_itShouldBeCaught()
      throws Exception {
    WorkflowExecutionHistory history = CommittedHistories.first(HISTORIES, "failed-mixed");

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

    @Override
    public void machineEnded(MachineSummary ended) {}
  }
}
