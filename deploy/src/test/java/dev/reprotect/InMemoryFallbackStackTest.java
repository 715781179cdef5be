package dev.reprotect;

import static dev.reprotect.StackApi.JSON;
import static dev.reprotect.StackApi.listOf;
import static dev.reprotect.StackApi.onWindowsMasterTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Where no temporal binary can be had, the embedded default runs on Temporal's in-memory server and
 * says so in {@code /health} (which the dashboard's banner reads); the lists, without
 * ListWorkflowExecutions there, read open and closed executions and filter by status.
 */
@MicronautTest(environments = StackApi.ENVIRONMENT)
@Property(name = "reprotect.temporal.embedded.server", value = "in-memory")
@Timeout(120)
class InMemoryFallbackStackTest {

  @Inject StackApi api;

  @SuppressWarnings("unchecked")
  @Test
  void givenTheInMemoryFallback_healthAnnouncesItAndTheListsStillFilter() throws Exception {
    Map<String, Object> health = api.client().retrieve(HttpRequest.GET("/health"), JSON);
    Map<String, Object> temporal =
        (Map<String, Object>) ((Map<String, Object>) health.get("details")).get("temporal");
    Map<String, Object> details = (Map<String, Object>) temporal.get("details");
    assertEquals(Boolean.TRUE, details.get("inMemory"), details.toString());
    assertTrue(String.valueOf(details.get("server")).contains("state is lost"), details.toString());
    assertTrue(!details.containsKey("ui"), "no Web UI without the real server: " + details);

    assertEquals(
        HttpStatus.ACCEPTED,
        api.post("/api/v1/reprotections", onWindowsMasterTarget("vm-web-01")).getStatus());
    Map<String, Object> page =
        api.await(
            "/api/v1/reprotections?state=PROTECTED", listed -> !listOf(listed, "items").isEmpty());
    assertEquals(1, ((Number) page.get("total")).intValue());
    Map<String, Object> none = api.get("/api/v1/reprotections?state=FAILED");
    assertEquals(0, ((Number) none.get("total")).intValue(), none.toString());
  }
}
