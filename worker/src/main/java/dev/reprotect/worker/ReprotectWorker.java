package dev.reprotect.worker;

import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.inventory.MasterTargetsWorkflowImpl;
import dev.reprotect.inventory.ReplicatedItemsWorkflowImpl;
import dev.reprotect.inventory.ReprotectOptionsWorkflowImpl;
import dev.reprotect.placement.PlacementWorkflowImpl;
import dev.reprotect.plan.PlanPreflightWorkflowImpl;
import dev.reprotect.plan.RecoveryPlanWorkflowImpl;
import dev.reprotect.preflight.PreflightWorkflowImpl;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.watch.ProtectionWatchWorkflowImpl;
import dev.reprotect.worker.chaos.ChaosInterceptor;
import dev.reprotect.worker.logging.ActivityLogInterceptor;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import io.temporal.worker.WorkflowImplementationOptions;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts the workflows and the site's activities on the task queue. Eager ({@code @Context}) so a
 * worker-only process starts polling without any request. Disabled in an API-only process.
 */
@Context
@Requires(property = "reprotect.worker.enabled", notEquals = "false")
public class ReprotectWorker {

  private static final Logger LOG = LoggerFactory.getLogger(ReprotectWorker.class);

  private final WorkerFactory factory;
  private final TemporalSettings temporal;
  private final String adapter;

  public ReprotectWorker(
      WorkflowClient client,
      TemporalSettings temporal,
      WorkerSettings settings,
      SiteActivities activities,
      @Nullable ChaosInterceptor chaos) {
    this.temporal = temporal;
    this.adapter = activities.adapter();
    // Fault injection (reprotect.chaos.enabled) wraps every activity of this worker; off by
    // default.
    // The SDK wraps in array order, the last outermost: the log context last, so that chaos's own
    // lines carry it too.
    WorkerFactoryOptions.Builder factoryOptions = WorkerFactoryOptions.newBuilder();
    if (chaos != null) {
      factoryOptions.setWorkerInterceptors(chaos, new ActivityLogInterceptor());
    } else {
      factoryOptions.setWorkerInterceptors(new ActivityLogInterceptor());
    }
    this.factory = WorkerFactory.newInstance(client, factoryOptions.build());
    WorkerOptions options =
        WorkerOptions.newBuilder()
            .setMaxConcurrentActivityExecutionSize(settings.maxConcurrentActivities())
            .setMaxConcurrentWorkflowTaskExecutionSize(settings.maxConcurrentWorkflowTasks())
            .build();
    Worker worker = factory.newWorker(temporal.taskQueue(), options);
    registerWorkflows(worker);
    worker.registerActivitiesImplementations(activities.implementations().toArray());
    Worker ledgers = factory.newWorker(temporal.slotsTaskQueue(), options);
    registerLedgers(ledgers);
    ledgers.registerActivitiesImplementations(activities.ledgerImplementations().toArray());
  }

  /**
   * The slots ledgers' own worker: new ledgers start on {@link TemporalSettings#slotsTaskQueue()},
   * with workflow-task slots no reprotection can hold, so a ledger always gets to answer the
   * requesters that wait on it from a local activity. (Ledgers started before run on the main
   * queue, where {@link #registerWorkflows} still serves them.)
   */
  public static void registerLedgers(Worker worker) {
    worker.registerWorkflowImplementationTypes(
        workflowOptions(), MasterTargetSlotsWorkflowImpl.class);
  }

  /**
   * Every workflow type this product runs, with the SDK's default for a history the code cannot
   * replay: the workflow task fails and is retried, so the workflow blocks (it is not failed) until
   * a build that can replay it polls again. A bad deploy thus stalls open workflows instead of
   * failing every one of them in one stroke (with no compensation, plans rolling back their
   * machines, slot ledgers starting empty); {@link StuckWorkflows} makes the stall visible ({@code
   * reprotect_workflows_stuck}, {@code /health}), and rolling back ends it.
   */
  public static void registerWorkflows(Worker worker) {
    worker.registerWorkflowImplementationTypes(
        workflowOptions(),
        ReprotectWorkflowImpl.class,
        RecoveryPlanWorkflowImpl.class,
        MasterTargetSlotsWorkflowImpl.class,
        PreflightWorkflowImpl.class,
        PlanPreflightWorkflowImpl.class,
        PlacementWorkflowImpl.class,
        ReplicatedItemsWorkflowImpl.class,
        ReprotectOptionsWorkflowImpl.class,
        MasterTargetsWorkflowImpl.class,
        ProtectionWatchWorkflowImpl.class);
  }

  /**
   * The options every workflow type is registered with: the SDK's defaults, on purpose. In
   * particular no {@code setFailWorkflowExceptionTypes(NonDeterministicException.class)}: that
   * turned one bad deploy into every open workflow failed.
   */
  public static WorkflowImplementationOptions workflowOptions() {
    return WorkflowImplementationOptions.getDefaultInstance();
  }

  @PostConstruct
  void start() {
    factory.start();
    LOG.info(
        "Worker polling task queues '{}' and '{}' at {} ({} site)",
        temporal.taskQueue(),
        temporal.slotsTaskQueue(),
        temporal.target(),
        adapter);
  }

  @PreDestroy
  void stop() throws InterruptedException {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
  }
}
