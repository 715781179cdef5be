package dev.reprotect.bench;

import dev.reprotect.visibility.ReprotectSearchAttributes;
import dev.reprotect.worker.TemporalSettings;
import dev.reprotect.worker.server.TemporalCli;
import dev.reprotect.worker.server.TemporalDevServer;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What the embedded default runs, without Micronaut: a Temporal server on a free port, a gRPC
 * client to it and a worker factory with the app's default worker options (200 activity slots, 50
 * workflow task slots). One fresh stack (and server) per measurement, so runs never see each
 * other's state.
 *
 * <p>Which server: {@link Server#DEV} (the default) is what the embedded default runs, Temporal's
 * real server ({@code temporal server start-dev}, the binary the build installs) with its SQLite
 * database on disk in a temporary data directory; {@link Server#IN_MEMORY} is Temporal's in-memory
 * test server bound to a port in real time, what the benchmark ran on before (kept beside,
 * labelled). {@code -Dbench.dev-in-memory=true} (a diagnostic) keeps the dev server's SQLite
 * database in memory.
 */
final class Stack implements Closeable {

  /** The Temporal server a stack runs on. */
  enum Server {
    /** Temporal's real server: the CLI's dev server, SQLite in a temporary data directory. */
    DEV("dev server (SQLite on disk)"),
    /** Temporal's in-memory test server (TestServer.createPortBoundServer, real time). */
    IN_MEMORY("in-memory test server");

    final String label;

    Server(String label) {
      this.label = label;
    }

    /** The short name a table and the {@code --server} option use: dev, in-memory. */
    String id() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  static final String TASK_QUEUE = "reprotect";

  /** The slots ledgers' own queue, as ReprotectWorker runs it. */
  static final String SLOTS_TASK_QUEUE = TemporalSettings.slotsTaskQueueOf(TASK_QUEUE);

  static final WorkerOptions WORKER_OPTIONS =
      WorkerOptions.newBuilder()
          .setMaxConcurrentActivityExecutionSize(200)
          .setMaxConcurrentWorkflowTaskExecutionSize(50)
          .build();

  /** The server new stacks run on; the runner sets it for each pass over the rows. */
  private static volatile Server current = Server.DEV;

  final Server kind;
  final int port;

  /** Every gRPC call this process makes to the server (client and worker), by method. */
  final RpcCounter calls = new RpcCounter();

  final WorkflowServiceStubs stubs;
  final WorkflowClient client;
  final WorkerFactory factory;
  final Worker worker;
  private Worker ledgers;
  private final Closeable server;
  private final Path dataDir;

  Stack() {
    this(current);
  }

  Stack(Server kind) {
    this.kind = kind;
    port = freePort();
    if (kind == Server.DEV) {
      dataDir =
          Boolean.getBoolean("bench.dev-in-memory") ? null : tempDir("reprotect-bench-temporal");
      server = startDevServer(port, dataDir);
    } else {
      dataDir = null;
      server = TestServer.createPortBoundServer(port, true);
    }
    stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("127.0.0.1:" + port)
                .setGrpcClientInterceptors(List.of(calls))
                .build());
    client =
        WorkflowClient.newInstance(
            stubs, WorkflowClientOptions.newBuilder().setNamespace("default").build());
    factory = WorkerFactory.newInstance(client);
    worker = factory.newWorker(TASK_QUEUE, WORKER_OPTIONS);
  }

  /**
   * The slots ledgers' own worker (same options as the main one), made on first use so that bare
   * stacks poll no queue they do not need; before {@link #start}.
   */
  Worker ledgers() {
    if (ledgers == null) {
      ledgers = factory.newWorker(SLOTS_TASK_QUEUE, WORKER_OPTIONS);
    }
    return ledgers;
  }

  static Server server() {
    return current;
  }

  static void use(Server server) {
    current = server;
  }

  void start() {
    factory.start();
  }

  /**
   * Temporal's real server, headless, with our search attributes, its database in {@code dataDir}
   * (null: in memory).
   */
  static TemporalDevServer startDevServer(int port, Path dataDir) {
    TemporalCli cli =
        TemporalCli.find("")
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no temporal binary at "
                            + TemporalCli.installedByBuild()
                            + " or on the PATH: the build installs it "
                            + "(worker/src/build/install-temporal-cli.sh); or run the benchmark with --server in-memory"));
    try {
      return TemporalDevServer.start(
          new TemporalDevServer.Options(
              cli,
              "127.0.0.1",
              port,
              0,
              dataDir,
              "default",
              ReprotectSearchAttributes.ALL.stream()
                  .map(SearchAttributeKey::getName)
                  .map(n -> n + "=Keyword")
                  .toList()),
          Duration.ofSeconds(60));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Temporal's dev server: " + e.getMessage(), e);
    }
  }

  static Path tempDir(String prefix) {
    try {
      return Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temporary directory: the OS cleans what is left
    }
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
    deleteTree(dataDir);
  }
}
