package dev.reprotect.bench;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the embedded default runs, without Micronaut: Temporal's in-memory server bound to a TCP
 * port in real time ({@code TestServer.createPortBoundServer(port, true)}), a gRPC client to it and
 * a worker factory with the app's default worker options (200 activity slots, 50 workflow task
 * slots). One fresh stack per measurement, so runs never see each other's state.
 */
final class Stack implements Closeable {

  static final String TASK_QUEUE = "reprotect";
  static final WorkerOptions WORKER_OPTIONS = WorkerOptions.newBuilder()
      .setMaxConcurrentActivityExecutionSize(200)
      .setMaxConcurrentWorkflowTaskExecutionSize(50)
      .build();

  final int port;
  /** Every gRPC call this process makes to the server (client and worker), by method. */
  final RpcCounter calls = new RpcCounter();
  final WorkflowServiceStubs stubs;
  final WorkflowClient client;
  final WorkerFactory factory;
  final Worker worker;
  private final Closeable server;

  Stack() {
    port = freePort();
    server = TestServer.createPortBoundServer(port, true);
    stubs = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setTarget("localhost:" + port)
            .setGrpcClientInterceptors(List.of(calls)).build());
    client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    factory = WorkerFactory.newInstance(client);
    worker = factory.newWorker(TASK_QUEUE, WORKER_OPTIONS);
  }

  void start() {
    factory.start();
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    factory.shutdown();
    factory.awaitTermination(10, TimeUnit.SECONDS);
    stubs.shutdownNow();
    stubs.awaitTermination(5, TimeUnit.SECONDS);
    try {
      server.close();
    } catch (IOException ignored) {
      // in memory: nothing to lose
    }
  }
}
