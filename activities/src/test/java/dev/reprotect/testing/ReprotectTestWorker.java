package dev.reprotect.testing;

import dev.reprotect.activities.ActivityImplementations;
import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.capacity.CapacityActivitiesImpl;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.preflight.PreflightWorkflowImpl;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.OnPremSite;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

/**
 * A reprotection end to end on Temporal's test environment: the product's workflows (reprotect,
 * preflight, the master target's slots) and every activity over the given sites.
 */
public final class ReprotectTestWorker {

  private ReprotectTestWorker() {}

  /** A started environment whose worker polls {@code queue}; the caller closes it. */
  public static TestWorkflowEnvironment start(
      String queue, OnPremSite onPrem, AzureSide azure, ActivitySettings settings) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    Worker worker = env.newWorker(queue);
    worker.registerWorkflowImplementationTypes(
        ReprotectWorkflowImpl.class,
        PreflightWorkflowImpl.class,
        MasterTargetSlotsWorkflowImpl.class);
    worker.registerActivitiesImplementations(
        ActivityImplementations.create(onPrem, azure, settings).all().toArray());
    worker.registerActivitiesImplementations(
        new CapacityActivitiesImpl(env.getWorkflowClient(), queue, onPrem));
    env.start();
    return env;
  }
}
