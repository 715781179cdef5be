package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where no temporal binary can be had, the embedded default runs on Temporal's in-memory server and
 * says so in {@code /health} (which the dashboard's banner reads); the lists, without
 * ListWorkflowExecutions there, read open and closed executions and filter by status.
 */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "reprotect.temporal.embedded.server", value = "in-memory")
@Property(name = "reprotect.api.token", value = InMemoryFallbackStackTest.TOKEN)
@Property(name = "reprotect.site.simulated.time-scale", value = "0.002")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Timeout(120)
class InMemoryFallbackStackTest {

  static final String TOKEN = "in-memory-fallback-stack-test-token";
  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

  @Inject
  @Client("/")
  HttpClient http;

  @SuppressWarnings("unchecked")
  @Test
  void givenTheInMemoryFallback_healthAnnouncesItAndTheListsStillFilter() throws Exception {
    Map<String, Object> health = http.toBlocking().retrieve(HttpRequest.GET("/health"), JSON);
    Map<String, Object> temporal = (Map<String, Object>) ((Map<String, Object>) health.get("details")).get("temporal");
    Map<String, Object> details = (Map<String, Object>) temporal.get("details");
    assertEquals(Boolean.TRUE, details.get("inMemory"), details.toString());
    assertTrue(String.valueOf(details.get("server")).contains("state is lost"), details.toString());
    assertTrue(!details.containsKey("ui"), "no Web UI without the real server: " + details);

    assertEquals(HttpStatus.ACCEPTED, http.toBlocking().exchange(HttpRequest.POST("/api/v1/reprotections",
        Map.of("replicatedItem", "vm-web-01", "masterTarget", "mt-win-01", "processServer", "ps-azure-01",
            "datastore", "vmfs-01", "retentionDrive", "R:")).bearerAuth(TOKEN), JSON).getStatus());
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    Map<String, Object> page;
    do {
      Thread.sleep(200);
      page = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/reprotections?state=PROTECTED").bearerAuth(TOKEN), JSON);
      assertTrue(Instant.now().isBefore(deadline), "never listed as PROTECTED: " + page);
    } while (((List<?>) page.get("items")).isEmpty());
    assertEquals(1, ((Number) page.get("total")).intValue());
    Map<String, Object> none = http.toBlocking().retrieve(
        HttpRequest.GET("/api/v1/reprotections?state=FAILED").bearerAuth(TOKEN), JSON);
    assertEquals(0, ((Number) none.get("total")).intValue(), none.toString());
  }
}
