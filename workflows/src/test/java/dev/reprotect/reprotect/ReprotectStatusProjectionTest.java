package dev.reprotect.reprotect;

import static dev.reprotect.reprotect.ReprotectState.PROTECTED;
import static dev.reprotect.reprotect.ReprotectState.SYNCHRONIZING;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.reprotect.ReprotectStatusProjection.RunningActivity;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The status projection the workflow's query and the API's reads share. */
class ReprotectStatusProjectionTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final String ID = ReprotectRequest.workflowIdFor("vm-01");

  /** A status with every step before {@code running} completed and {@code running} running. */
  private static ReprotectStatus runningAt(Step running) {
    List<StepStatus> steps = new ArrayList<>();
    for (Step step : Step.values()) {
      StepState state =
          step.ordinal() < running.ordinal()
              ? StepState.COMPLETED
              : step == running ? StepState.RUNNING : StepState.PENDING;
      steps.add(new StepStatus(step, state, state == StepState.PENDING ? 0 : 1, T0, null, null));
    }
    return new ReprotectStatus(
        ID,
        "vm-01",
        null,
        running.state(),
        ReprotectStatusProjection.progressPercent(running.state(), steps),
        steps,
        null,
        T0,
        null,
        "alice",
        null);
  }

  private static StepStatus step(ReprotectStatus status, Step step) {
    return status.steps().stream().filter(s -> s.name() == step).findFirst().orElseThrow();
  }

  @Test
  void givenEveryStepButSynchronizeDone_whenProjected_itIsTheirWeightAndNeverAHundred() {
    assertEquals(40, runningAt(Step.SYNCHRONIZE).progressPercent());

    List<StepStatus> allDone =
        Arrays.stream(Step.values())
            .map(s -> new StepStatus(s, StepState.COMPLETED, 1, T0, T0, null))
            .toList();
    assertEquals(99, ReprotectStatusProjection.progressPercent(SYNCHRONIZING, allDone));
    assertEquals(100, ReprotectStatusProjection.progressPercent(PROTECTED, allDone));
  }

  @Test
  void givenASynchronizeHeartbeat_whenOverlaid_itAddsItsShareAndSaysTheBytes() {
    SyncProgress half = new SyncProgress(50, 512L << 20, 1L << 30, "SYNCHRONIZING", "RPO 5 min");

    ReprotectStatus live =
        ReprotectStatusProjection.overlay(
            runningAt(Step.SYNCHRONIZE),
            List.of(new RunningActivity(ReprotectActivities.SYNCHRONIZE, 1, half, null)));

    assertEquals(40 + 30, live.progressPercent());
    assertEquals(
        "synchronizing: 50% (" + Bytes.ofTotal(512L << 20, 1L << 30) + "); RPO 5 min",
        step(live, Step.SYNCHRONIZE).detail());
  }

  @Test
  void givenTheActivityTypes_onlyStartReplicationAndSynchronizeHeartbeatsAreRead() {
    assertTrue(ReprotectStatusProjection.readsHeartbeat(ReprotectActivities.SYNCHRONIZE));
    assertTrue(ReprotectStatusProjection.readsHeartbeat(ReprotectActivities.START_REPLICATION));
    assertFalse(ReprotectStatusProjection.readsHeartbeat(ReprotectActivities.WAIT_FOR_AGENT));
    assertFalse(ReprotectStatusProjection.readsHeartbeat("SomethingElse"));
  }

  @Test
  void givenARetriedValidate_whenOverlaid_itShowsTheAttemptAndTheLastFailure() {
    ReprotectStatus live =
        ReprotectStatusProjection.overlay(
            runningAt(Step.VALIDATE),
            List.of(
                new RunningActivity(PreflightActivities.VALIDATE, 3, null, "vCenter timed out")));

    StepStatus validate = step(live, Step.VALIDATE);
    assertEquals(3, validate.attempts());
    assertEquals("retrying (attempt 3) after: vCenter timed out", validate.detail());
    assertEquals(0, live.progressPercent());
  }

  @Test
  void givenActivitiesOfNoStepOrOfAStepNotRunning_whenOverlaid_nothingChanges() {
    ReprotectStatus status = runningAt(Step.POWER_OFF);

    ReprotectStatus live =
        ReprotectStatusProjection.overlay(
            status,
            List.of(
                new RunningActivity(ReprotectActivities.DETACH_DISKS, 4, null, "busy"),
                new RunningActivity(
                    ReprotectActivities.SYNCHRONIZE, 2, new SyncProgress(90, 9, 10, "S"), "x")));

    assertEquals(status, live);
  }

  @Test
  void givenAFinishedStatus_whenOverlaid_itIsReturnedAsItIs() {
    ReprotectStatus protectedStatus =
        ReprotectStatusProjection.ofExecution(ID, WORKFLOW_EXECUTION_STATUS_COMPLETED, T0, T0);

    assertSame(
        protectedStatus,
        ReprotectStatusProjection.overlay(
            protectedStatus,
            List.of(new RunningActivity(ReprotectActivities.SYNCHRONIZE, 2, null, "late"))));
  }

  @Test
  void givenARunThatCannotAnswer_whenProjectedFromItsExecution_itsStateFollowsHowItClosed() {
    assertEquals(PROTECTED, ofExecution(WORKFLOW_EXECUTION_STATUS_COMPLETED).state());
    assertEquals(100, ofExecution(WORKFLOW_EXECUTION_STATUS_COMPLETED).progressPercent());
    assertEquals(ReprotectState.CANCELLED, ofExecution(WORKFLOW_EXECUTION_STATUS_CANCELED).state());
    assertEquals(ReprotectState.FAILED, ofExecution(WORKFLOW_EXECUTION_STATUS_TIMED_OUT).state());
    assertEquals(ReprotectState.FAILED, ofExecution(WORKFLOW_EXECUTION_STATUS_TERMINATED).state());
    ReprotectStatus running = ofExecution(WORKFLOW_EXECUTION_STATUS_RUNNING);
    assertEquals(ReprotectState.VALIDATING, running.state());
    assertEquals("vm-01", running.replicatedItem());
    assertEquals(Step.values().length, running.steps().size());
  }

  private static ReprotectStatus ofExecution(WorkflowExecutionStatus status) {
    return ReprotectStatusProjection.ofExecution(ID, status, T0, null);
  }
}
