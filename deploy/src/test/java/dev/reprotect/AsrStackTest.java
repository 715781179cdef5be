package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.reprotect.asr.AsrContractSimulator;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The embedded stack with {@code reprotect.site.azure.adapter: asr} against the Site Recovery
 * contract simulator (activities' test jar; not Azure), the on-premises side simulated: a reprotect
 * through the HTTP API shows the Site Recovery job's tasks in its status while it runs and reaches
 * PROTECTED through one reprotect job, despite throttling and service faults; the bearer token (a
 * canary) reaches no history and no log line.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class AsrStackTest implements TestPropertyProvider {

  static final String TOKEN = "asr-stack-test-token";
  static final String AZURE_TOKEN = "canary-azure-token-" + UUID.randomUUID();
  static final ListAppender<ILoggingEvent> LOGS = new ListAppender<>();
  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

  private AsrContractSimulator sim;

  @Inject
  @Client("/")
  HttpClient http;

  @Override
  public Map<String, String> getProperties() {
    LOGS.start();
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).addAppender(LOGS);
    // Slow enough that the job's tasks can be watched through the API.
    sim =
        AsrContractSimulator.start(
                new AsrContractSimulator.Options(Duration.ofMillis(1200), Duration.ofSeconds(4), 0),
                AZURE_TOKEN)
            .withSample();
    sim.fault("GET", "/replicationprotecteditems/vm-web-01", 429, 1, null, 2);
    sim.fault("GET", "/replicationfabrics/cs-01-fabric", 503, null, null, 2);
    try {
      Path tokenFile = Files.createTempDirectory("asr-stack").resolve("azure-token");
      Files.writeString(tokenFile, AZURE_TOKEN + "\n");
      return Map.ofEntries(
          Map.entry("reprotect.temporal.target", "localhost:" + freePort()),
          Map.entry("micronaut.server.port", "-1"),
          Map.entry("reprotect.api.token", TOKEN),
          Map.entry("reprotect.site.simulated.time-scale", "0.002"),
          Map.entry("reprotect.site.agent-poll-interval", "100ms"),
          Map.entry("reprotect.site.sync-poll-interval", "200ms"),
          Map.entry("reprotect.site.azure.adapter", "asr"),
          Map.entry("reprotect.site.azure.asr.endpoint", sim.endpoint().toString()),
          Map.entry("reprotect.site.azure.asr.subscription-id", AsrContractSimulator.SUBSCRIPTION),
          Map.entry("reprotect.site.azure.asr.resource-group", AsrContractSimulator.RESOURCE_GROUP),
          Map.entry("reprotect.site.azure.asr.vault", AsrContractSimulator.VAULT),
          Map.entry("reprotect.site.azure.asr.fabric", AsrContractSimulator.FABRIC),
          Map.entry("reprotect.site.azure.asr.container", AsrContractSimulator.CONTAINER),
          Map.entry("reprotect.site.azure.asr.failback-policy", AsrContractSimulator.POLICY),
          Map.entry("reprotect.site.azure.asr.azure-process-servers", "ps-azure-01,ps-azure-02"),
          Map.entry("reprotect.site.azure.asr.express-route-private-peering", "true"),
          Map.entry("reprotect.site.azure.asr.access-token-file", tokenFile.toString()),
          Map.entry("reprotect.site.azure.asr.poll-interval", "100ms"),
          Map.entry("reprotect.site.azure.asr.max-retry-after", "5s"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @AfterAll
  void stop() {
    ((Logger) LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME)).detachAppender(LOGS);
    if (sim != null) {
      sim.close();
    }
  }

  private Map<String, Object> get(String path) {
    return http.toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(TOKEN), JSON);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> steps(Map<String, Object> status) {
    return (List<Map<String, Object>>) status.get("steps");
  }

  @Test
  void givenTheAsrAdapter_whenAVmIsReprotectedThroughTheApi_theJobsTasksShowAndItEndsProtected()
      throws Exception {
    HttpResponse<Map<String, Object>> started =
        http.toBlocking()
            .exchange(
                HttpRequest.POST("/api/v1/reprotections", ApiCalls.sampleMachine("vm-web-01"))
                    .bearerAuth(TOKEN),
                JSON);
    assertEquals(HttpStatus.ACCEPTED, started.getStatus());

    Set<String> runningDetails = new LinkedHashSet<>();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(100));
    Map<String, Object> status = get("/api/v1/reprotections/reprotect-vm-web-01");
    while (!List.of("PROTECTED", "FAILED", "CANCELLED").contains(status.get("state"))) {
      assertTrue(Instant.now().isBefore(deadline), "timed out; last status " + status);
      for (Map<String, Object> step : steps(status)) {
        if ("RUNNING".equals(step.get("state"))
            && step.get("detail") != null
            && List.of("START_REPLICATION", "SYNCHRONIZE").contains(step.get("name"))) {
          runningDetails.add(step.get("name") + ": " + step.get("detail"));
        }
      }
      Thread.sleep(100);
      status = get("/api/v1/reprotections/reprotect-vm-web-01");
    }

    assertEquals("PROTECTED", status.get("state"), status::toString);
    assertTrue(
        runningDetails.stream()
            .anyMatch(
                d ->
                    d.startsWith("START_REPLICATION: Site Recovery job Reprotect")
                        && d.contains("Prerequisites check for reprotect [")),
        runningDetails::toString);
    assertTrue(
        runningDetails.stream()
            .anyMatch(d -> d.startsWith("SYNCHRONIZE: synchronizing: ") && d.contains("resync ")),
        runningDetails::toString);
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
    assertEquals("Protected", sim.protectionState("vm-web-01"));
    assertTrue(
        sim.requests().stream().filter(r -> r.status() == 429).count() >= 2,
        "throttled calls were retried");
    assertTrue(
        sim.requests().stream().filter(r -> r.status() == 503).count() >= 2,
        "5xx calls were retried");

    String history =
        http.toBlocking()
            .retrieve(
                HttpRequest.GET("/api/v1/reprotections/reprotect-vm-web-01/history")
                    .bearerAuth(TOKEN));
    assertFalse(history.contains(AZURE_TOKEN), "the Azure token is in the history");
    List<String> lines = new ArrayList<>();
    for (ILoggingEvent event : List.copyOf(LOGS.list)) {
      lines.add(event.getFormattedMessage());
      for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
        lines.add(t.getMessage());
      }
    }
    assertTrue(
        lines.stream().anyMatch(l -> l != null && l.contains("Azure side: Azure Site Recovery")),
        "adapter not selected");
    assertEquals(
        0,
        lines.stream().filter(l -> l != null && l.contains(AZURE_TOKEN)).count(),
        "the Azure token is in a log line");
  }
}
