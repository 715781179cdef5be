package dev.reprotect.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.activities.ActivityImplementations;
import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.capacity.CapacityActivitiesImpl;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.plan.PlanActivitiesImpl;
import dev.reprotect.plan.PlanPreflightActivitiesImpl;
import dev.reprotect.plan.RecoveryPlanWorkflowImpl;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.worker.server.TemporalCli;
import dev.reprotect.worker.server.TemporalDevServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * Temporal's real server for a test: the CLI's dev server on a free local port, with stubs and a
 * client in its default namespace. {@link #close()} stops whatever it started.
 */
final class RealServer implements AutoCloseable {

  static final String QUEUE = "reprotect";
  static final String NAMESPACE = "default";

  final int port;
  final WorkflowServiceStubs stubs;
  final WorkflowClient client;
  private final TemporalDevServer server;
  private WorkerFactory simulatedWorker;

  private RealServer(int port, TemporalDevServer server) {
    this.port = port;
    this.server = server;
    this.stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:" + port).build());
    this.client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace(NAMESPACE).build());
  }

  static RealServer start() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    TemporalCli cli =
        TemporalCli.find("")
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no temporal binary: the worker module's build installs it (src/build/install-temporal-cli.sh)"));
    TemporalDevServer server =
        TemporalDevServer.start(
            new TemporalDevServer.Options(cli, "127.0.0.1", port, 0, null, NAMESPACE, List.of()),
            Duration.ofSeconds(60));
    return new RealServer(port, server);
  }

  /**
   * Starts a worker on {@link #QUEUE} running the product's reprotection and slots workflows and
   * its activities on {@code site}, with quick timings: a waiting requester asks again after 2 s,
   * the ledger checks the site every second. {@code andAlso} registers what else a test runs (its
   * workflows, and activities added to the list) before the worker starts.
   */
  void startSimulatedWorker(SimulatedSite site, BiConsumer<Worker, List<Object>> andAlso) {
    simulatedWorker = WorkerFactory.newInstance(client);
    Worker worker = simulatedWorker.newWorker(QUEUE);
    worker.registerWorkflowImplementationFactory(
        ReprotectWorkflow.class, () -> new ReprotectWorkflowImpl(Duration.ofSeconds(2)));
    worker.registerWorkflowImplementationFactory(
        MasterTargetSlotsWorkflow.class,
        () -> new MasterTargetSlotsWorkflowImpl(2_000, Duration.ofSeconds(1)));
    List<Object> activities =
        new ArrayList<>(
            ActivityImplementations.create(
                    site,
                    site,
                    new ActivitySettings(
                        Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(250)))
                .all());
    activities.add(new CapacityActivitiesImpl(client, QUEUE, site, 0));
    andAlso.accept(worker, activities);
    worker.registerActivitiesImplementations(activities.toArray());
    simulatedWorker.start();
  }

  /** {@link #startSimulatedWorker} with the recovery plan's workflow and activities too. */
  void startPlanWorker(SimulatedSite site) {
    startSimulatedWorker(
        site,
        (worker, activities) -> {
          worker.registerWorkflowImplementationTypes(RecoveryPlanWorkflowImpl.class);
          activities.add(new PlanPreflightActivitiesImpl(site, site));
          activities.add(new PlanActivitiesImpl(client));
        });
  }

  /** The reprotection's state as its status query tells it; null before it answers. */
  ReprotectState stateOf(String vm) {
    try {
      ReprotectStatus status =
          client
              .newWorkflowStub(ReprotectWorkflow.class, ReprotectRequest.workflowIdFor(vm))
              .status();
      return status == null ? null : status.state();
    } catch (RuntimeException notYet) {
      return null;
    }
  }

  /** Waits until {@code done}, failing the test after {@code limit}. */
  static void within(Duration limit, String what, BooleanSupplier done)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "not within " + limit + ": " + what);
      Thread.sleep(200);
    }
  }

  @Override
  public void close() {
    if (simulatedWorker != null) {
      simulatedWorker.shutdownNow();
      simulatedWorker.awaitTermination(10, TimeUnit.SECONDS);
    }
    stubs.shutdownNow();
    server.close();
  }
}
