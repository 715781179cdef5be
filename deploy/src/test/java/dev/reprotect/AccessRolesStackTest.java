package dev.reprotect;

import static dev.reprotect.StackApi.JSON;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.api.security.MintToken;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpResponse;
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
 * Who may do what, and who did it, on the whole embedded default: a JWT with roles ["VIEWER"] reads
 * a status but gets 403 problem+json on start, cancel and pause; an operator's start is recorded
 * with its subject in the status and in the workflow's history, which still replays.
 */
@MicronautTest(environments = StackApi.ENVIRONMENT)
@Property(
    name = "micronaut.security.token.jwt.signatures.secret.generator.secret",
    value = AccessRolesStackTest.SECRET)
@Timeout(120)
class AccessRolesStackTest {

  static final String SECRET = "access-roles-stack-test-secret-0123456789";
  static final String VIEWER =
      MintToken.mint(
          SECRET, "auditor-vic", List.of("VIEWER"), Duration.ofMinutes(10), Instant.now());
  static final String OPERATOR =
      MintToken.mint(
          SECRET, "sre-alice", List.of("OPERATOR"), Duration.ofMinutes(10), Instant.now());
  static final Map<String, Object> VM_WEB_01 = StackApi.onWindowsMasterTarget("vm-web-01");

  @Inject StackApi api;

  private void assertForbidden(String path, Object body, String token) {
    HttpClientResponseException refused =
        assertThrows(HttpClientResponseException.class, () -> api.as(token).post(path, body));
    assertEquals(403, refused.getStatus().getCode(), path);
    assertEquals(
        "application/problem+json",
        refused.getResponse().getContentType().orElseThrow().toString(),
        path);
    assertEquals(
        "https://reprotect.dev/problems/forbidden",
        refused.getResponse().getBody(JSON).orElseThrow().get("type"),
        path);
  }

  @Test
  void givenAViewerAndAnOperator_whenEachStarts_itShouldRefuseTheViewerAndRecordTheOperator()
      throws Exception {
    assertForbidden("/api/v1/reprotections", VM_WEB_01, VIEWER);

    HttpResponse<Map<String, Object>> started =
        api.as(OPERATOR).post("/api/v1/reprotections", VM_WEB_01);
    assertEquals(202, started.getStatus().getCode());
    assertEquals("sre-alice", started.body().get("startedBy"));

    Map<String, Object> status =
        api.as(VIEWER).awaitReprotection("reprotect-vm-web-01", StackApi::terminal);
    assertEquals("PROTECTED", status.get("state"), status.toString());
    assertEquals("sre-alice", status.get("startedBy"), status.toString());

    String json = api.as(VIEWER).text("/api/v1/reprotections/reprotect-vm-web-01/history");
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
    var memo = history.getEvents().get(0).getWorkflowExecutionStartedEventAttributes().getMemo();
    assertEquals(
        "sre-alice",
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            memo.getFieldsOrThrow("startedBy"), String.class, String.class));
    WorkflowReplayer.replayWorkflowExecution(history, ReprotectWorkflowImpl.class);

    assertForbidden("/api/v1/reprotections/reprotect-vm-web-01/cancel", Map.of(), VIEWER);
    assertForbidden("/api/v1/recovery-plans/rp-app/reprotection/pause", Map.of(), VIEWER);
    assertTrue(api.as(VIEWER).get("/api/v1/replicated-items").containsKey("items"));
  }
}
