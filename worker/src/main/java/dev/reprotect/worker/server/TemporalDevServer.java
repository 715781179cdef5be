package dev.reprotect.worker.server;

import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's real server in one child process: the CLI's {@code temporal server start-dev}, with
 * the real frontend, history and matching services, SQLite persistence (or an in-memory SQLite
 * database when no data directory is given), SQL visibility with our search attributes, and the Web
 * UI. Started and owned by this JVM: {@link #close()} (and a shutdown hook) stop it.
 *
 * <p>A JVM killed with {@code kill -9} cannot stop its child. The server's pid is kept in the data
 * directory, and the next start stops a server left running from it before starting its own, so the
 * database has one owner.
 */
public final class TemporalDevServer implements Closeable {

  private static final Logger LOG = LoggerFactory.getLogger(TemporalDevServer.class);

  /** How long a server given SIGTERM may take to stop before it is killed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(15);

  /** How long the shutdown hook leaves the owner to close the server at JVM exit. */
  private static final Duration OWNER_GRACE = Duration.ofSeconds(5);

  /**
   * How to run it.
   *
   * @param cli the binary
   * @param ip the address the frontend (and the UI) bind to
   * @param port the frontend's gRPC port
   * @param uiPort the Web UI's port; 0 or less runs it headless
   * @param dataDir where the SQLite database, the log and the pid file live; null keeps state in
   *     memory (lost when the server stops) and logs to a temporary file
   * @param namespace created at first start ("default" always is)
   * @param searchAttributes our search attributes, Name=Type, registered when the namespace is
   *     created
   */
  public record Options(
      TemporalCli cli,
      String ip,
      int port,
      int uiPort,
      Path dataDir,
      String namespace,
      List<String> searchAttributes) {}

  private final Options options;
  private final Process process;
  private final Path logFile;
  private final Path pidFile;
  private final boolean freshDatabase;
  private final Thread shutdownHook;
  private final java.util.concurrent.CountDownLatch closed =
      new java.util.concurrent.CountDownLatch(1);

  private TemporalDevServer(
      Options options, Process process, Path logFile, Path pidFile, boolean freshDatabase) {
    this.options = options;
    this.process = process;
    this.logFile = logFile;
    this.pidFile = pidFile;
    this.freshDatabase = freshDatabase;
    // At JVM exit the owner (e.g. Micronaut's context, whose workers must deregister first) closes
    // the server; the hook stops it only when no owner did within a few seconds.
    this.shutdownHook =
        new Thread(
            () -> {
              try {
                if (!closed.await(OWNER_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                  stopProcess();
                }
              } catch (InterruptedException e) {
                stopProcess();
              }
            },
            "temporal-dev-server-stop");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
  }

  /** Starts the server and returns once its namespace answers, or throws saying why it did not. */
  public static TemporalDevServer start(Options options, Duration readyWithin) throws IOException {
    Path logFile;
    Path pidFile = null;
    Path database = null;
    boolean fresh = true;
    if (options.dataDir() != null) {
      Files.createDirectories(options.dataDir());
      logFile = options.dataDir().resolve("temporal-server.log");
      pidFile = options.dataDir().resolve("temporal-server.pid");
      database = options.dataDir().resolve("temporal.db");
      fresh = !Files.exists(database);
      stopLeftOver(pidFile);
    } else {
      logFile = Files.createTempFile("temporal-dev-server", ".log");
      logFile.toFile().deleteOnExit();
    }
    requireFree(options.ip(), options.port(), "reprotect.temporal.target");
    if (options.uiPort() > 0) {
      requireFree(options.ip(), options.uiPort(), "reprotect.temporal.embedded.ui-port");
    }

    List<String> command =
        new ArrayList<>(
            List.of(
                options.cli().path().toString(),
                "server",
                "start-dev",
                "--ip",
                options.ip(),
                "--port",
                String.valueOf(options.port()),
                "--namespace",
                options.namespace(),
                "--log-format",
                "json",
                "--log-level",
                "warn"));
    if (options.uiPort() > 0) {
      command.addAll(
          List.of("--ui-port", String.valueOf(options.uiPort()), "--ui-disable-news-fetch"));
    } else {
      command.add("--headless");
    }
    if (database != null) {
      command.addAll(List.of("--db-filename", database.toString()));
    }
    for (String attribute : options.searchAttributes()) {
      command.addAll(List.of("--search-attribute", attribute));
    }
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .start();
    if (pidFile != null) {
      Files.writeString(pidFile, String.valueOf(process.pid()), StandardCharsets.UTF_8);
    }
    TemporalDevServer server = new TemporalDevServer(options, process, logFile, pidFile, fresh);
    try {
      server.awaitReady(readyWithin);
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    LOG.info(
        "Temporal dev server ({}) pid {} serving {}:{}{}, {}",
        options.cli().version(),
        process.pid(),
        options.ip(),
        options.port(),
        options.uiPort() > 0 ? ", Web UI " + server.uiUrl().orElseThrow() : " (headless)",
        database == null ? "state in memory" : (fresh ? "new database " : "database ") + database);
    return server;
  }

  /** The Web UI's address, when it runs. */
  public Optional<String> uiUrl() {
    return options.uiPort() > 0
        ? Optional.of("http://" + options.ip() + ":" + options.uiPort())
        : Optional.empty();
  }

  /** True when this start created the database (nothing of an earlier run is in it). */
  public boolean freshDatabase() {
    return freshDatabase;
  }

  public Options options() {
    return options;
  }

  public Path logFile() {
    return logFile;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shuttingDown) {
      // the JVM is exiting: the hook waits for this close
    }
    stopProcess();
    closed.countDown();
  }

  private synchronized void stopProcess() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          LOG.warn("Temporal dev server did not stop within {}: killing it", STOP_GRACE);
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    if (pidFile != null) {
      try {
        Files.deleteIfExists(pidFile);
      } catch (IOException ignored) {
        // the next start checks the pid it names before acting on it
      }
    }
  }

  private void awaitReady(Duration within) throws IOException {
    Instant deadline = Instant.now().plus(within);
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget(options.ip() + ":" + options.port())
                .build());
    try {
      while (true) {
        if (!process.isAlive()) {
          throw new IOException(
              "the Temporal dev server exited (code "
                  + process.exitValue()
                  + ") before it served: "
                  + lastLines(logFile, 15));
        }
        try {
          stubs
              .blockingStub()
              .withDeadlineAfter(2, TimeUnit.SECONDS)
              .describeNamespace(
                  DescribeNamespaceRequest.newBuilder().setNamespace(options.namespace()).build());
          return;
        } catch (RuntimeException notYet) {
          if (Instant.now().isAfter(deadline)) {
            throw new IOException(
                "the Temporal dev server did not serve namespace '"
                    + options.namespace()
                    + "' within "
                    + within
                    + ": "
                    + lastLines(logFile, 15),
                notYet);
          }
        }
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while waiting for the Temporal dev server", e);
        }
      }
    } finally {
      stubs.shutdownNow();
    }
  }

  /**
   * Stops a server that a killed JVM left running on this data directory, named by its pid file.
   */
  private static void stopLeftOver(Path pidFile) throws IOException {
    if (!Files.exists(pidFile)) {
      return;
    }
    String text = Files.readString(pidFile, StandardCharsets.UTF_8).strip();
    Files.deleteIfExists(pidFile);
    long pid;
    try {
      pid = Long.parseLong(text);
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> left =
        ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(p -> p.info().commandLine().map(c -> c.contains("start-dev")).orElse(false));
    if (left.isEmpty()) {
      return;
    }
    // Still the child of a live JVM: another reprotect runs on this data directory. Its server is
    // not ours to stop; a killed JVM's orphan has been handed to init (or a subreaper), not a JVM.
    Optional<ProcessHandle> owner =
        left.get()
            .parent()
            .filter(ProcessHandle::isAlive)
            .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false));
    if (owner.isPresent()) {
      Files.writeString(pidFile, text, StandardCharsets.UTF_8);
      throw new IOException(
          "the data directory "
              + pidFile.getParent()
              + " is in use by another reprotect (pid "
              + owner.get().pid()
              + ", its Temporal server pid "
              + pid
              + "): stop it, or give this one its own "
              + "reprotect.data-dir (REPROTECT_DATA_DIR)");
    }
    LOG.warn(
        "Stopping the Temporal dev server (pid {}) an earlier run of this data directory left running",
        pid);
    ProcessHandle handle = left.get();
    handle.destroy();
    try {
      handle.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception notYet) {
      handle.destroyForcibly();
      try {
        handle.onExit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // checked below by the port
      }
    }
  }

  private static void requireFree(String ip, int port, String setting) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
    } catch (IOException taken) {
      throw new IOException(
          "port "
              + port
              + " on "
              + ip
              + " is in use (another Temporal server or reprotect?): "
              + "stop it, or choose another port with "
              + setting,
          taken);
    }
  }

  private static String lastLines(Path file, int count) {
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - count), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }
}
