package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application as its own process with {@code REPROTECT_LOG_FORMAT=json} and the production
 * logback.xml: every line it writes is one JSON object, the lines of a reprotection's steps carry
 * its workflow id, VM and step, and the API token it was given appears on none.
 */
@Timeout(180)
class JsonLogsProcessTest {

  static final String TOKEN = "json-logs-test-token-CANARY-7f3a";
  static final Duration PATIENCE = Duration.ofSeconds(120);

  @TempDir Path dir;

  private Process process;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @AfterEach
  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request)
      throws IOException, InterruptedException {
    return http.send(
        request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void
      givenJsonLogs_whenAReprotectionRuns_everyLineShouldBeJsonAndItsStepsShouldCarryWorkflowIdVmAndStep()
          throws Exception {
    URL logback = getClass().getClassLoader().getResource("logback.xml");
    assertTrue(
        logback != null && logback.getPath().contains("/classes/"),
        "the production logback.xml: " + logback);
    int http = freePort();
    int temporal = freePort();
    Path out = dir.resolve("stdout.log");
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                // The test class path holds test-jars with a logback-test.xml: name the production
                // file.
                "-Dlogback.configurationFile=" + Path.of(logback.toURI()),
                "-cp",
                System.getProperty("java.class.path"),
                Application.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    builder.environment().put("REPROTECT_LOG_FORMAT", "json");
    builder.environment().put("MICRONAUT_SERVER_PORT", String.valueOf(http));
    builder.environment().put("REPROTECT_TEMPORAL_TARGET", "localhost:" + temporal);
    builder.environment().put("REPROTECT_API_TOKEN", TOKEN);
    builder.environment().put("REPROTECT_SITE_SIMULATED_TIME_SCALE", "0.002");
    builder.environment().put("REPROTECT_SITE_AGENT_POLL_INTERVAL", "100ms");
    builder.environment().put("REPROTECT_SITE_SYNC_POLL_INTERVAL", "100ms");
    process = builder.start();

    String base = "http://localhost:" + http;
    Instant deadline = Instant.now().plus(PATIENCE);
    while (true) {
      assertTrue(process.isAlive(), "the process exited: " + Files.readString(out));
      assertTrue(Instant.now().isBefore(deadline), "never healthy: " + Files.readString(out));
      try {
        if (send(HttpRequest.newBuilder(URI.create(base + "/health"))).statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // not listening yet
      }
      Thread.sleep(200);
    }
    HttpResponse<String> started =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1/reprotections"))
                .header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"replicatedItem\":\"vm-web-01\",\"masterTarget\":\"mt-win-01\","
                            + "\"processServer\":\"ps-azure-01\",\"datastore\":\"vmfs-01\",\"retentionDrive\":\"R:\"}")));
    assertEquals(202, started.statusCode(), started.body());
    ObjectMapper json = new ObjectMapper();
    while (true) {
      HttpResponse<String> status =
          send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/reprotections/reprotect-vm-web-01"))
                  .header("Authorization", "Bearer " + TOKEN));
      String state = json.readTree(status.body()).path("state").asText();
      if (state.equals("PROTECTED")) {
        break;
      }
      assertFalse(List.of("FAILED", "CANCELLED").contains(state), status.body());
      assertTrue(Instant.now().isBefore(deadline), "not protected in time: " + status.body());
      Thread.sleep(200);
    }
    process.destroy();
    process.waitFor();
    process = null;

    List<JsonNode> lines = new ArrayList<>();
    for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = json.readTree(line); // throws when a line is not JSON
      assertTrue(node.isObject() && node.has("level") && node.has("formattedMessage"), line);
      lines.add(node);
    }
    assertTrue(lines.size() > 5, "lines: " + lines.size());
    for (String step :
        List.of("MergeSnapshots", "PowerOff", "AttachDisks", "StartReplication", "Synchronize")) {
      assertTrue(
          lines.stream()
              .anyMatch(
                  l ->
                      "reprotect-vm-web-01".equals(l.path("mdc").path("workflowId").asText())
                          && "vm-web-01".equals(l.path("mdc").path("vm").asText())
                          && step.equals(l.path("mdc").path("step").asText())
                          && l.path("formattedMessage")
                              .asText()
                              .startsWith(step + " of vm-web-01 done in ")),
          "no JSON line of step " + step + " with its workflowId, vm and step");
    }
    assertFalse(Files.readString(out).contains(TOKEN), "the API token appears in the logs");
  }
}
