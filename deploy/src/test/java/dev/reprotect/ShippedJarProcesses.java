package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;

/**
 * The processes an integration test starts in one directory: the runnable jar as an operator runs
 * it (or any other command), each with its log file there, and stopped, with their children, on
 * {@link #close()}. The logs stay for a look; the copy of the jar goes.
 */
final class ShippedJarProcesses implements AutoCloseable {

  static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Path dir;
  private final String label;
  private final List<Process> processes = new ArrayList<>();
  private Path jar;

  ShippedJarProcesses(Path dir, String label) {
    this.dir = dir;
    this.label = label;
  }

  Path dir() {
    return dir;
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** The runnable jar, with a small heap and a quick start, as {@code name}. */
  Process startJar(String name, String maxHeap, Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return start(
        name,
        env,
        List.of(
            java,
            "-Xmx" + maxHeap,
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-jar",
            jar().toString()));
  }

  Process start(String name, Map<String, String> env, List<String> command) throws IOException {
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log(name).toFile());
    builder.environment().putAll(env);
    Process process = builder.start();
    processes.add(process);
    System.out.printf("[%s] started %s, pid %d%n", label, name, process.pid());
    return process;
  }

  /** A copy: a build rewriting target/ meanwhile must not pull classes from under the processes. */
  private Path jar() throws IOException {
    if (jar == null) {
      Path built = Path.of(System.getProperty("reprotect.jar", "target/reprotect.jar"));
      assertTrue(
          Files.isRegularFile(built), "the runnable jar is not built: " + built.toAbsolutePath());
      jar = Files.copy(built, dir.resolve("reprotect.jar"));
    }
    return jar;
  }

  Path log(String name) {
    return dir.resolve(name + ".log");
  }

  String tail(String name) {
    try {
      String text = Files.readString(log(name), StandardCharsets.UTF_8);
      return text.substring(Math.max(0, text.length() - 6000));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  void awaitLog(String name, Process process, String line, Duration timeout) throws Exception {
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      if (Files.exists(log(name))
          && Files.readString(log(name), StandardCharsets.UTF_8).contains(line)) {
        return;
      }
      assertTrue(process.isAlive(), name + " exited: " + tail(name));
      Thread.sleep(100);
    }
    throw new AssertionError(
        name + " did not log '" + line + "' within " + timeout + ": " + tail(name));
  }

  void awaitHealthy(String name, Process process, int port, Duration timeout) throws Exception {
    URI health = URI.create("http://localhost:" + port + "/health");
    Instant deadline = Instant.now().plus(timeout);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build();
        if (HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      assertTrue(process.isAlive(), name + " exited: " + tail(name));
      Thread.sleep(200);
    }
    throw new AssertionError(name + " not healthy within " + timeout + ": " + tail(name));
  }

  /** A real SIGKILL of the process alone: no shutdown hook, no graceful worker shutdown. */
  static void kill9(Process process) throws Exception {
    Process kill =
        new ProcessBuilder("kill", "-9", String.valueOf(process.pid())).inheritIO().start();
    assertEquals(0, kill.waitFor(), "kill -9 " + process.pid());
    assertTrue(process.waitFor(10, TimeUnit.SECONDS), "pid " + process.pid() + " survived kill -9");
    assertEquals(137, process.exitValue(), "pid " + process.pid() + " did not die of SIGKILL");
  }

  /** SIGTERM first (the jar stops its Temporal server on the way out), then SIGKILL. */
  @Override
  public void close() throws Exception {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    }
    if (jar != null) {
      Files.deleteIfExists(jar);
    }
  }
}
