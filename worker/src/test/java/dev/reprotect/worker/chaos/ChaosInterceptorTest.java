package dev.reprotect.worker.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each fault mode through a real worker: what the workflow sees, and whether the work ran. */
@Timeout(60)
class ChaosInterceptorTest {

  public record Item(String replicatedItem) {}

  @ActivityInterface
  public interface Step {
    @ActivityMethod(name = "PowerOff")
    String powerOff(Item item);
  }

  @WorkflowInterface
  public interface Runbook {
    @WorkflowMethod
    String run(String vm);
  }

  /**
   * Three attempts, each at most two seconds (no heartbeat timeout: HANG ends at start-to-close).
   */
  public static class RunbookImpl implements Runbook {
    private final Step step =
        Workflow.newActivityStub(
            Step.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(2))
                .setRetryOptions(
                    RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofMillis(10))
                        .setMaximumAttempts(3)
                        .build())
                .build());

    @Override
    public String run(String vm) {
      return step.powerOff(new Item(vm));
    }
  }

  private final AtomicInteger work = new AtomicInteger();
  private TestWorkflowEnvironment env;

  private String run(FaultPlan plan) {
    env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(
                    WorkerFactoryOptions.newBuilder()
                        .setWorkerInterceptors(new ChaosInterceptor(plan))
                        .build())
                .build());
    Worker worker = env.newWorker("q");
    worker.registerWorkflowImplementationTypes(RunbookImpl.class);
    worker.registerActivitiesImplementations(
        (Step) item -> "off " + item.replicatedItem() + " #" + work.incrementAndGet());
    env.start();
    return env.getWorkflowClient()
        .newWorkflowStub(
            Runbook.class,
            WorkflowOptions.newBuilder().setTaskQueue("q").setWorkflowId("wf").build())
        .run("vm-a");
  }

  @AfterEach
  void tearDown() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void givenTwoTransientFaultsBefore_theThirdAttemptDoesTheWorkOnce() {
    FaultPlan plan = new FaultPlan(1, List.of(FaultRule.parse("PowerOff count=2")));
    assertEquals("off vm-a #1", run(plan));
    assertEquals(2, plan.injected());
  }

  @Test
  void givenATransientFaultAfter_theWorkRanAndRunsAgainOnRetry() {
    FaultPlan plan = new FaultPlan(1, List.of(FaultRule.parse("PowerOff when=AFTER count=1")));
    assertEquals("off vm-a #2", run(plan));
  }

  @Test
  void givenANonRetryableFault_theStepFailsAtOnceTypedAsInjected() {
    FaultPlan plan =
        new FaultPlan(1, List.of(FaultRule.parse("PowerOff mode=NON_RETRYABLE item=vm-a")));
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> run(plan));
    ApplicationFailure cause = assertInstanceOf(ApplicationFailure.class, e.getCause().getCause());
    assertEquals(FaultPlan.INJECTED_FAULT, cause.getType());
    assertEquals(0, work.get());
    assertEquals(1, plan.injected());
  }

  @Test
  void givenAFaultForAnotherVm_nothingIsInjected() {
    FaultPlan plan =
        new FaultPlan(1, List.of(FaultRule.parse("PowerOff mode=NON_RETRYABLE item=vm-b")));
    assertEquals("off vm-a #1", run(plan));
    assertEquals(0, plan.injected());
  }

  @Test
  void givenTimeoutsOnEveryAttempt_theStepFailsByStartToCloseTimeout() {
    FaultPlan plan = new FaultPlan(1, List.of(FaultRule.parse("PowerOff mode=TIMEOUT")));
    WorkflowFailedException e = assertThrows(WorkflowFailedException.class, () -> run(plan));
    assertInstanceOf(ActivityFailure.class, e.getCause());
    assertInstanceOf(TimeoutFailure.class, e.getCause().getCause());
    assertEquals(0, work.get());
  }

  @Test
  void givenOneHang_theAttemptTimesOutAndTheRetryDoesTheWork() {
    FaultPlan plan = new FaultPlan(1, List.of(FaultRule.parse("PowerOff mode=HANG count=1")));
    assertEquals("off vm-a #1", run(plan));
  }
}
