package dev.reprotect.api.support;

import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.inventory.MasterTargetsWorkflowImpl;
import dev.reprotect.inventory.ReplicatedItemsWorkflowImpl;
import dev.reprotect.inventory.ReprotectOptionsWorkflowImpl;
import dev.reprotect.plan.PlanPreflightWorkflowImpl;
import dev.reprotect.plan.PlanStubs;
import dev.reprotect.plan.RecoveryPlanWorkflowImpl;
import dev.reprotect.preflight.PreflightWorkflowImpl;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * The beans the worker module provides in the assembled app, here from Temporal's in-memory server
 * with the real workflows and the fake site's activities on the "reprotect" queue.
 */
@Factory
@Requires(notEnv = "unreachable")
public class TemporalTestFactory {

  public static final String TASK_QUEUE = "reprotect";

  @Singleton
  @Bean(preDestroy = "close")
  TestWorkflowEnvironment testWorkflowEnvironment() {
    TestWorkflowEnvironment env =
        TestWorkflowEnvironment.newInstance(
            TestEnvironmentOptions.newBuilder().setUseTimeskipping(false).build());
    Worker worker =
        env.newWorker(
            TASK_QUEUE,
            WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(50))
                .setDefaultHeartbeatThrottleInterval(Duration.ofMillis(50))
                .build());
    worker.registerWorkflowImplementationTypes(
        ReprotectWorkflowImpl.class, PreflightWorkflowImpl.class,
        ReplicatedItemsWorkflowImpl.class, ReprotectOptionsWorkflowImpl.class,
        RecoveryPlanWorkflowImpl.class, PlanPreflightWorkflowImpl.class,
        MasterTargetSlotsWorkflowImpl.class, MasterTargetsWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        new FakeSite.Preflight(),
        new FakeSite.Steps(),
        new FakeSite.Inventory(),
        new PlanFakes.PlanPreflight(),
        new PlanStubs.DescribingPlanActivities(env.getWorkflowClient()),
        new FakeCapacity(env.getWorkflowClient(), TASK_QUEUE));
    env.start();
    return env;
  }

  @Singleton
  WorkflowClient workflowClient(TestWorkflowEnvironment env) {
    return env.getWorkflowClient();
  }

  @Singleton
  WorkflowServiceStubs workflowServiceStubs(TestWorkflowEnvironment env) {
    return env.getWorkflowServiceStubs();
  }
}
