package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.api.security.MintToken;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.testing.WorkflowReplayer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who may do what, and who did it, on the whole embedded default: a JWT with roles ["VIEWER"]
 * reads a status but gets 403 problem+json on start, cancel and pause; an operator's start is
 * recorded with its subject in the status and in the workflow's history, which still replays.
 */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "reprotect.api.token", value = "access-roles-stack-test-token")
@Property(name = "micronaut.security.token.jwt.signatures.secret.generator.secret", value = AccessRolesStackTest.SECRET)
@Property(name = "reprotect.site.simulated.time-scale", value = "0.002")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Timeout(120)
class AccessRolesStackTest {

  static final String SECRET = "access-roles-stack-test-secret-0123456789";
  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);
  static final String VIEWER = MintToken.mint(SECRET, "auditor-vic", List.of("VIEWER"), Duration.ofMinutes(10), Instant.now());
  static final String OPERATOR =
      MintToken.mint(SECRET, "sre-alice", List.of("OPERATOR"), Duration.ofMinutes(10), Instant.now());
  static final Map<String, Object> VM_WEB_01 = Map.of("replicatedItem", "vm-web-01", "masterTarget", "mt-win-01",
      "processServer", "ps-azure-01", "datastore", "vmfs-01", "retentionDrive", "R:");

  @Inject
  @Client("/")
  HttpClient http;

  private Map<String, Object> get(String path, String token) {
    return http.toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(token), JSON);
  }

  private void assertForbidden(String path, Object body, String token) {
    HttpClientResponseException refused = org.junit.jupiter.api.Assertions.assertThrows(HttpClientResponseException.class,
        () -> http.toBlocking().exchange(HttpRequest.POST(path, body).bearerAuth(token), JSON));
    assertEquals(403, refused.getStatus().getCode(), path);
    assertEquals("application/problem+json", refused.getResponse().getContentType().orElseThrow().toString(), path);
    assertEquals("https://reprotect.dev/problems/forbidden",
        refused.getResponse().getBody(JSON).orElseThrow().get("type"), path);
  }

  @Test
  void givenAViewerAndAnOperator_whenEachStarts_itShouldRefuseTheViewerAndRecordTheOperator() throws Exception {
    assertForbidden("/api/v1/reprotections", VM_WEB_01, VIEWER);

    HttpResponse<Map<String, Object>> started = http.toBlocking().exchange(
        HttpRequest.POST("/api/v1/reprotections", VM_WEB_01).bearerAuth(OPERATOR), JSON);
    assertEquals(202, started.getStatus().getCode());
    assertEquals("sre-alice", started.body().get("startedBy"));

    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    Map<String, Object> status = get("/api/v1/reprotections/reprotect-vm-web-01", VIEWER);
    while (!"PROTECTED".equals(status.get("state")) && Instant.now().isBefore(deadline)) {
      Thread.sleep(100);
      status = get("/api/v1/reprotections/reprotect-vm-web-01", VIEWER);
    }
    assertEquals("PROTECTED", status.get("state"), status.toString());
    assertEquals("sre-alice", status.get("startedBy"), status.toString());

    String json = http.toBlocking().retrieve(
        HttpRequest.GET("/api/v1/reprotections/reprotect-vm-web-01/history").bearerAuth(VIEWER));
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
    var memo = history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getMemo();
    assertEquals("sre-alice", DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
        memo.getFieldsOrThrow("startedBy"), String.class, String.class));
    WorkflowReplayer.replayWorkflowExecution(history, ReprotectWorkflowImpl.class);

    assertForbidden("/api/v1/reprotections/reprotect-vm-web-01/cancel", Map.of(), VIEWER);
    assertForbidden("/api/v1/recovery-plans/rp-app/reprotection/pause", Map.of(), VIEWER);
    assertTrue(get("/api/v1/replicated-items", VIEWER).containsKey("items"));
  }
}
