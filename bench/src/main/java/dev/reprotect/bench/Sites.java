package dev.reprotect.bench;

import dev.reprotect.activities.ActivityImplementations;
import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.capacity.CapacityActivitiesImpl;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.plan.PlanActivitiesImpl;
import dev.reprotect.plan.PlanPreflightActivitiesImpl;
import dev.reprotect.plan.RecoveryPlanWorkflowImpl;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.simulated.SimulatedSite;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.WorkflowImplementationOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Registers ours on a stack the way ReprotectWorker and SimulatedSiteFactory do. */
final class Sites {

  /** Fast polls: the steps are instant, so a poll interval would only be a wait. */
  static final ActivitySettings FAST =
      new ActivitySettings(Duration.ofMillis(1), Duration.ofSeconds(60), Duration.ofMillis(1));

  private Sites() {}

  static void registerOurs(Stack stack, SimulatedSite site, ActivitySettings timing) {
    WorkflowImplementationOptions options =
        WorkflowImplementationOptions.newBuilder()
            .setFailWorkflowExceptionTypes(NonDeterministicException.class)
            .build();
    stack.worker.registerWorkflowImplementationTypes(
        options,
        ReprotectWorkflowImpl.class,
        RecoveryPlanWorkflowImpl.class,
        MasterTargetSlotsWorkflowImpl.class);
    List<Object> implementations =
        new ArrayList<>(ActivityImplementations.create(site, site, timing).all());
    implementations.add(new PlanPreflightActivitiesImpl(site, site));
    implementations.add(new PlanActivitiesImpl(stack.client));
    // As ReprotectWorker: ledgers start on their own queue and worker, which serves their
    // reconciliation too.
    CapacityActivitiesImpl capacity =
        new CapacityActivitiesImpl(stack.client, Stack.SLOTS_TASK_QUEUE, site, 0);
    implementations.add(capacity);
    stack.worker.registerActivitiesImplementations(implementations.toArray());
    stack
        .ledgers()
        .registerWorkflowImplementationTypes(options, MasterTargetSlotsWorkflowImpl.class);
    stack.ledgers().registerActivitiesImplementations(capacity);
  }

  static ReprotectRequest request(int i, int machines, String plan) {
    return new ReprotectRequest(
        Inventories.vm(i),
        Inventories.masterTargetOf(i, machines),
        "ps-azure-01",
        "vmfs-01",
        "R:",
        null,
        null,
        false,
        plan);
  }
}
