package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.reprotect.api.support.Await;
import dev.reprotect.api.support.FakeSite;
import dev.reprotect.api.support.Http;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.common.converter.DefaultDataConverter;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Who may do what, and who did it: a VIEWER reads but may not start, cancel, pause or resume (403
 * problem+json); an OPERATOR, a JWT without a roles claim and the static token may; each start and
 * cancel names its requester in the status and in the workflow's history.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AccessRolesTest {

  static final String VM = "vm-web-01";
  static final String ID = "reprotect-" + VM;
  static final String LOCATION = "/api/v1/reprotections/" + ID;
  static final String OPERATOR = jwt("sre-alice", List.of("OPERATOR"));
  static final String VIEWER = jwt("auditor-vic", List.of("VIEWER"));
  static final String NO_ROLES = jwt("sre-bob", null);

  @Inject
  @Client("/")
  HttpClient client;

  Http.Answer get(String uri, String token) {
    return new Http(client).send(HttpRequest.GET(uri).bearerAuth(token));
  }

  Http.Answer post(String uri, String json, String token) {
    return new Http(client)
        .send(HttpRequest.POST(uri, json).contentType("application/json").bearerAuth(token));
  }

  static String jwt(String subject, List<String> roles) {
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .expirationTime(new Date(System.currentTimeMillis() + 600_000));
    if (roles != null) {
      claims.claim("roles", roles);
    }
    try {
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
      jwt.sign(new MACSigner(SecurityTest.SECRET.getBytes(StandardCharsets.UTF_8)));
      return jwt.serialize();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void assertForbidden(Http.Answer answer) {
    assertEquals(403, answer.status(), answer.body());
    assertEquals("application/problem+json", answer.contentType());
    assertEquals("https://reprotect.dev/problems/forbidden", answer.json().get("type").asText());
    assertEquals(403, answer.json().get("status").asInt());
  }

  @Test
  @Order(1)
  void givenAnOperatorJwt_whenStarting_itShouldRecordItsSubjectInTheStatusAndTheHistory()
      throws Exception {
    FakeSite.hold(VM);
    Http.Answer started =
        post("/api/v1/reprotections", Http.body(VM, "mt-win-01", "vmfs-01", null), OPERATOR);
    assertEquals(202, started.status(), started.body());
    assertEquals("sre-alice", started.json().get("startedBy").asText(), started.body());

    JsonNode status = get(LOCATION, VIEWER).json();
    assertEquals("sre-alice", status.get("startedBy").asText(), status.toString());
    assertTrue(status.get("cancelledBy").isNull(), status.toString());

    Http.Answer history = get(LOCATION + "/history", VIEWER);
    assertEquals(200, history.status(), history.body());
    HistoryEvent first = WorkflowExecutionHistory.fromJson(history.body()).getEvents().get(0);
    String startedBy =
        DefaultDataConverter.STANDARD_INSTANCE.fromPayload(
            first
                .getWorkflowExecutionStartedEventAttributes()
                .getMemo()
                .getFieldsOrThrow("startedBy"),
            String.class,
            String.class);
    assertEquals("sre-alice", startedBy);
  }

  @Test
  @Order(2)
  void givenAViewerJwt_whenReading_itShouldAnswer200AndItsDryRunsToo() {
    assertEquals(200, get(LOCATION, VIEWER).status());
    assertEquals(200, get("/api/v1/reprotections", VIEWER).status());
    Http.Answer preflight =
        post(
            "/api/v1/reprotections/preflight", Http.body(VM, "mt-win-01", "vmfs-01", null), VIEWER);
    assertEquals(200, preflight.status(), preflight.body());
    JsonNode me = get("/api/v1/me", VIEWER).json();
    assertEquals("auditor-vic", me.get("name").asText());
    assertFalse(me.get("operator").asBoolean(), me.toString());
  }

  @Test
  @Order(3)
  void
      givenAViewerJwt_whenStartingCancellingPausingOrResuming_itShouldAnswer403ProblemAndChangeNothing() {
    assertForbidden(
        post(
            "/api/v1/reprotections", Http.body("vm-app-01", "mt-win-01", "vmfs-01", null), VIEWER));
    assertForbidden(post(LOCATION + "/cancel", "", VIEWER));
    String plan = "/api/v1/recovery-plans/rp-app";
    assertForbidden(
        post(
            plan + "/reprotect",
            "{\"machines\":[" + Http.body("vm-app-01", "mt-win-01", "vmfs-01", null) + "]}",
            VIEWER));
    assertForbidden(post(plan + "/reprotection/cancel", "", VIEWER));
    assertForbidden(post(plan + "/reprotection/pause", "", VIEWER));
    assertForbidden(post(plan + "/reprotection/resume", "", VIEWER));

    assertEquals(404, get("/api/v1/reprotections/reprotect-vm-app-01", OPERATOR).status());
    assertEquals(
        "SYNCHRONIZING",
        Await.until(
                () -> get(LOCATION, OPERATOR).json(),
                s ->
                    !"VALIDATING".equals(s.get("state").asText())
                        && !"WAITING_FOR_AGENT".equals(s.get("state").asText())
                        && !"MERGING_SNAPSHOTS".equals(s.get("state").asText())
                        && !"POWERING_OFF".equals(s.get("state").asText())
                        && !"ATTACHING_DISKS".equals(s.get("state").asText())
                        && !"STARTING_REPLICATION".equals(s.get("state").asText()),
                Duration.ofSeconds(30),
                "synchronizing")
            .get("state")
            .asText());
  }

  @Test
  @Order(4)
  void givenAJwtWithoutRoles_whenCancelling_itShouldBeAnOperatorAndRecordedAsTheCanceller() {
    assertTrue(get("/api/v1/me", NO_ROLES).json().get("operator").asBoolean());
    Http.Answer cancelled = post(LOCATION + "/cancel", "", NO_ROLES);
    assertEquals(202, cancelled.status(), cancelled.body());
    assertEquals("sre-bob", cancelled.json().get("cancelledBy").asText(), cancelled.body());

    JsonNode status =
        Await.until(
            () -> get(LOCATION, VIEWER).json(),
            s -> "CANCELLED".equals(s.get("state").asText()),
            Duration.ofSeconds(30),
            "cancelled");
    assertEquals("sre-bob", status.get("cancelledBy").asText(), status.toString());
    assertEquals("sre-alice", status.get("startedBy").asText(), status.toString());
    assertTrue(get(LOCATION + "/history", VIEWER).body().contains("cancelled by sre-bob"));
  }

  @Test
  @Order(5)
  void givenTheStaticToken_whenAsked_itShouldBeTheOperatorNamedApiToken() {
    JsonNode me = get("/api/v1/me", Http.TOKEN).json();
    assertEquals("api-token", me.get("name").asText());
    assertTrue(me.get("operator").asBoolean());
    assertEquals(List.of("OPERATOR"), List.of(me.get("roles").get(0).asText()));
  }
}
