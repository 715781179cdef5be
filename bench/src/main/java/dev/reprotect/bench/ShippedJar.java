package dev.reprotect.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The shipped jar ({@code deploy/target/reprotect.jar}) run as a child process, as a user runs it:
 * its embedded default (Temporal's dev server as its own child, the worker, the HTTP API), its data
 * directory ({@code REPROTECT_DATA_DIR}) in a temporary directory, its HTTP port ({@code
 * MICRONAUT_SERVER_PORT}) and Temporal port ({@code reprotect.temporal.target}) free ones, the Web
 * UI off, the simulated site in real time. {@link #close()} stops it (and its server).
 */
final class ShippedJar implements Closeable {

  final int httpPort;
  final int temporalPort;
  final String token;
  private final Path dataDir;
  private final Process process;
  private final Path log;

  private ShippedJar(
      int httpPort, int temporalPort, String token, Path dataDir, Process process, Path log) {
    this.httpPort = httpPort;
    this.temporalPort = temporalPort;
    this.token = token;
    this.dataDir = dataDir;
    this.process = process;
    this.log = log;
  }

  /**
   * {@code -Dbench.jar=...}, else {@code deploy/target/reprotect.jar} here or in a parent
   * directory.
   */
  static Path find() {
    String configured = System.getProperty("bench.jar");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path jar = dir.resolve("deploy").resolve("target").resolve("reprotect.jar");
      if (Files.isRegularFile(jar)) {
        return jar;
      }
    }
    throw new IllegalStateException(
        "P5 needs the shipped jar deploy/target/reprotect.jar: build it "
            + "(mvn -B -q -DskipTests package) or name it with -Dbench.jar=PATH");
  }

  static ShippedJar start(String token, Map<String, String> properties) {
    Path jar = find();
    int httpPort = Stack.freePort();
    int temporalPort = Stack.freePort();
    Path dataDir = Stack.tempDir("reprotect-bench-jar");
    Path log = dataDir.resolve("reprotect.log");
    List<String> command =
        new ArrayList<>(
            List.of(
                javaBinary(),
                "-Xmx1g",
                "-Dreprotect.temporal.target=127.0.0.1:" + temporalPort,
                "-Dreprotect.temporal.embedded.ui-port=0"));
    properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
    command.addAll(List.of("-jar", jar.toString()));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    builder.environment().put("REPROTECT_DATA_DIR", dataDir.toString());
    builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(httpPort));
    builder.environment().put("REPROTECT_API_TOKEN", token);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      Stack.deleteTree(dataDir);
      throw new IllegalStateException("cannot start " + jar + ": " + e, e);
    }
    ShippedJar started = new ShippedJar(httpPort, temporalPort, token, dataDir, process, log);
    try {
      started.awaitHealthy(Duration.ofSeconds(180));
    } catch (RuntimeException e) {
      started.close();
      throw e;
    }
    return started;
  }

  String base() {
    return "http://127.0.0.1:" + httpPort;
  }

  String temporalTarget() {
    return "127.0.0.1:" + temporalPort;
  }

  long pid() {
    return process.pid();
  }

  private void awaitHealthy(Duration within) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    Instant deadline = Instant.now().plus(within);
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the shipped jar exited (code " + process.exitValue() + "): " + tail());
      }
      try {
        HttpResponse<String> health =
            http.send(
                HttpRequest.newBuilder(URI.create(base() + "/health"))
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      try {
        Thread.sleep(250);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new IllegalStateException(
        "the shipped jar did not answer /health within " + within + ": " + tail());
  }

  private String tail() {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** SIGTERM (the jar stops its worker, API and Temporal server), then kill what is left. */
  @Override
  public void close() {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    try {
      if (!process.waitFor(40, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    for (ProcessHandle left : descendants) {
      if (left.isAlive()) {
        left.destroyForcibly();
      }
    }
    Stack.deleteTree(dataDir);
  }

  /** The java of this JVM. */
  static String javaBinary() {
    return Optional.of(Path.of(System.getProperty("java.home"), "bin", "java"))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .orElse("java");
  }
}
