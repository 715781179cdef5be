package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.api.support.Await;
import dev.reprotect.api.support.FakeSite;
import dev.reprotect.api.support.Http;
import dev.reprotect.api.support.Workflows;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A recovery plan's reprotection over HTTP: refusals first (400, 422, 404), then one plan in order:
 * start, refuse a second start, watch it with live machine detail, pause and resume, cancel. The
 * window is one machine and a plan holds three at most, so both are visible.
 */
@MicronautTest
@Property(name = "reprotect.api.max-plan-machines", value = "3")
@Property(name = "reprotect.api.plan-max-in-flight", value = "1")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RecoveryPlanTest extends OverHttp {

  static final String PLAN = "rp-web";
  static final String BASE = "/api/v1/recovery-plans/" + PLAN;
  static final String LOCATION = BASE + "/reprotection";
  static final String WEB = "vm-web-01";
  static final String APP = "vm-app-01";

  @Inject WorkflowServiceStubs service;

  @AfterAll
  static void holdAgain() {
    FakeSite.hold(WEB);
    FakeSite.hold(APP);
  }

  static String web() {
    return Http.body(WEB, "mt-win-01", "vmfs-01", null);
  }

  static String app() {
    return Http.body(APP, "mt-lin-01", "vmfs-01", null);
  }

  boolean exists(String workflowId) {
    return Workflows.exists(service, workflowId);
  }

  JsonNode status() {
    Http.Answer answer = http().get(LOCATION);
    assertEquals(200, answer.status(), answer.body());
    return answer.json();
  }

  static JsonNode machine(JsonNode status, String vm) {
    for (JsonNode m : status.get("machines")) {
      if (vm.equals(m.get("replicatedItem").asText())) {
        return m;
      }
    }
    throw new AssertionError(vm + " not in " + status);
  }

  static int count(JsonNode status, String state) {
    JsonNode n = status.get("counts").get(state);
    return n == null ? 0 : n.asInt();
  }

  static List<String> fields(JsonNode problem) {
    List<String> fields = new ArrayList<>();
    problem.get("violations").forEach(v -> fields.add(v.get("field").asText()));
    return fields;
  }

  // ---- refusals ----

  @Test
  @Order(1)
  void givenNoToken_whenStartingOrReading_itShouldAnswer401() {
    Http.Answer start =
        http()
            .send(
                HttpRequest.POST(BASE + "/reprotect", Http.planBody(web()))
                    .contentType("application/json"));
    assertEquals(401, start.status());
    assertEquals("application/problem+json", start.contentType());
    assertEquals(401, http().send(HttpRequest.GET(LOCATION)).status());
  }

  @Test
  @Order(2)
  void givenBadBodies_whenStarting_itShouldAnswer400NamingTheField() {
    JsonNode empty =
        BadInputTest.assertBadRequest(http().post(BASE + "/reprotect", "{\"machines\":[]}"));
    assertEquals(List.of("machines"), fields(empty));
    assertEquals(
        List.of("machines"),
        fields(BadInputTest.assertBadRequest(http().post(BASE + "/reprotect", "{}"))));

    JsonNode twice =
        BadInputTest.assertBadRequest(
            http().post(BASE + "/reprotect", Http.planBody(web(), app(), web())));
    assertEquals(List.of("machines"), fields(twice));
    assertTrue(
        twice.get("violations").get(0).get("message").asText().contains(WEB), twice.toString());

    JsonNode tooMany =
        BadInputTest.assertBadRequest(
            http()
                .post(
                    BASE + "/reprotect",
                    Http.planBody(
                        web(),
                        app(),
                        Http.body("vm-db-01", "mt-win-01", "vmfs-01", null),
                        Http.body("vm-x-01", "mt-win-01", "vmfs-01", null))));
    assertEquals(List.of("machines"), fields(tooMany));
    assertTrue(tooMany.get("detail").asText().contains("at most 3"), tooMany.toString());

    JsonNode unknownTop =
        BadInputTest.assertBadRequest(
            http().post(BASE + "/reprotect", "{\"machines\":[" + web() + "],\"rpo\":15}"));
    assertEquals(List.of("rpo"), fields(unknownTop));
    assertEquals("unknown field", unknownTop.get("violations").get(0).get("message").asText());

    JsonNode unknownInMachine =
        BadInputTest.assertBadRequest(
            http()
                .post(
                    BASE + "/reprotect",
                    Http.planBody(Http.body(WEB, "mt-win-01", "vmfs-01", "\"rpo\":15"))));
    assertEquals(List.of("rpo"), fields(unknownInMachine));

    JsonNode badItem =
        BadInputTest.assertBadRequest(
            http()
                .post(
                    BASE + "/reprotect",
                    Http.planBody(Http.body("a/b", "mt-win-01", "vmfs-01", null))));
    assertEquals(List.of("machines[0].replicatedItem"), fields(badItem), badItem.toString());

    JsonNode noItem =
        BadInputTest.assertBadRequest(
            http().post(BASE + "/reprotect", Http.planBody("{\"masterTarget\":\"mt-win-01\"}")));
    assertEquals(List.of("machines[0].replicatedItem"), fields(noItem), noItem.toString());

    BadInputTest.assertBadRequest(
        http().post(BASE + "/reprotect", "{\"machines\":[" + web() + ","));
    BadInputTest.assertBadRequest(http().post(BASE + "/reprotect/preflight", "{\"machines\":[]}"));

    JsonNode manual =
        BadInputTest.assertBadRequest(
            http()
                .post(
                    BASE + "/reprotect",
                    "{\"machines\":[" + web() + "],\"placement\":\"manual\"}"));
    assertEquals(List.of("placement"), fields(manual));
    assertTrue(manual.get("detail").asText().contains("must be \"auto\""), manual.toString());
    assertFalse(exists("recovery-plan-" + PLAN), "nothing may be started");
  }

  @Test
  @Order(3)
  void givenBadPlanIds_whenStartingOrReading_itShouldAnswer400() {
    for (String bad : List.of("-leading", "x".repeat(129), "bad%01id", "..%2Fetc")) {
      BadInputTest.assertBadRequest(
          http().post("/api/v1/recovery-plans/" + bad + "/reprotect", Http.planBody(web())));
      BadInputTest.assertBadRequest(http().get("/api/v1/recovery-plans/" + bad + "/reprotection"));
    }
  }

  @Test
  @Order(4)
  void givenMachinesBreakingRules_whenStarting_itShouldAnswer422NamingEachMachineAndStartNothing() {
    Http.Answer answer =
        http()
            .post(
                "/api/v1/recovery-plans/rp-bad/reprotect",
                Http.planBody(
                    web(),
                    "{\"replicatedItem\":\"" + APP + "\",\"masterTarget\":\"mt-lin-01\"}",
                    Http.body("vm-db-01", "mt-win-01", "vmfs-01", null)));
    JsonNode problem = answer.problem(422);
    assertEquals("PLAN_VALUES_MISSING", problem.get("rule").asText());
    assertEquals("https://reprotect.dev/rules/PLAN_VALUES_MISSING", problem.get("type").asText());
    assertEquals(422, problem.get("status").asInt());
    assertFalse(problem.get("fix").asText().isBlank());
    JsonNode violations = problem.get("violations");
    assertEquals(2, violations.size(), problem.toString());
    assertEquals("PLAN_VALUES_MISSING", violations.get(0).get("rule").asText());
    assertEquals(APP, violations.get(0).get("replicatedItem").asText());
    assertEquals("MT_DISK_LIMIT", violations.get(1).get("rule").asText());
    assertEquals("vm-db-01", violations.get(1).get("replicatedItem").asText());
    violations.forEach(v -> assertFalse(v.get("fix").asText().isBlank(), v.toString()));
    assertFalse(exists("recovery-plan-rp-bad"), "no plan may be started");
    assertFalse(exists("reprotect-" + WEB), "no machine may be started");
    assertEquals(404, http().get("/api/v1/recovery-plans/rp-bad/reprotection").status());
  }

  @Test
  @Order(5)
  void givenAPlan_whenDryRunning_itShouldAnswer200WithEveryViolationOrOk() {
    Http.Answer bad =
        http()
            .post(
                "/api/v1/recovery-plans/rp-bad/reprotect/preflight",
                Http.planBody(web(), "{\"replicatedItem\":\"" + APP + "\"}"));
    assertEquals(200, bad.status(), bad.body());
    JsonNode report = bad.json();
    assertFalse(report.get("ok").asBoolean());
    assertEquals(1, report.get("violations").size());
    assertEquals("PLAN_VALUES_MISSING", report.get("violations").get(0).get("rule").asText());
    assertEquals(APP, report.get("violations").get(0).get("replicatedItem").asText());
    assertEquals(0, report.get("warnings").size());

    Http.Answer ok =
        http()
            .post(
                "/api/v1/recovery-plans/rp-ok/reprotect/preflight",
                Http.planBody(
                    web(),
                    "{\"replicatedItem\":\""
                        + APP
                        + "\",\"masterTarget\":\"mt-lin-01\","
                        + "\"processServer\":\"ps-onprem-01\",\"datastore\":\"vmfs-01\",\"retentionDrive\":\"/mnt/retention\"}"));
    assertEquals(200, ok.status(), ok.body());
    assertTrue(ok.json().get("ok").asBoolean(), ok.body());
    assertEquals(0, ok.json().get("violations").size());
    assertEquals(
        "PROCESS_SERVER_REMOTE_OVER_VPN", ok.json().get("warnings").get(0).get("rule").asText());
    assertEquals(APP, ok.json().get("warnings").get(0).get("replicatedItem").asText());
    assertNull(ok.json().get("target"));
    assertFalse(exists("recovery-plan-rp-ok"));
  }

  @Test
  @Order(6)
  void givenAnUnknownPlan_whenReadingCancellingPausingOrResuming_itShouldAnswer404() {
    Http.Answer status = http().get("/api/v1/recovery-plans/rp-nowhere/reprotection");
    assertEquals(404, status.status(), status.body());
    assertEquals("application/problem+json", status.contentType());
    assertEquals("https://reprotect.dev/problems/not-found", status.json().get("type").asText());
    for (String action : List.of("cancel", "pause", "resume")) {
      assertEquals(
          404,
          http().post("/api/v1/recovery-plans/rp-nowhere/reprotection/" + action, "").status(),
          action);
    }
  }

  // ---- one plan, in order ----

  @Test
  @Order(10)
  void givenAValidPlan_whenStarting_itShouldAnswer202WithLocationAndStatus() {
    FakeSite.hold(WEB);
    FakeSite.hold(APP);
    Http.Answer answer = http().post(BASE + "/reprotect", Http.planBody(web(), app()));
    assertEquals(202, answer.status(), answer.body());
    assertEquals(LOCATION, answer.location());
    JsonNode body = answer.json();
    assertEquals("recovery-plan-" + PLAN, body.get("id").asText());
    assertEquals(PLAN, body.get("plan").asText());
    assertTrue(body.get("state").isTextual(), body.toString());
    assertEquals(2, body.get("machines").size(), body.toString());
    assertEquals("reprotect-" + WEB, machine(body, WEB).get("id").asText());
    assertTrue(body.get("counts").isObject(), body.toString());
    assertTrue(body.has("error") && body.get("error").isNull(), body.toString());
    assertTrue(body.has("endedAt") && body.get("endedAt").isNull(), body.toString());
    Instant.parse(body.get("startedAt").asText());
  }

  @Test
  @Order(11)
  void givenARunningPlan_whenStartingAgain_itShouldAnswer409WithItsLocation() {
    Http.Answer answer = http().post(BASE + "/reprotect", Http.planBody(web(), app()));
    JsonNode problem = answer.problem(409);
    assertEquals(LOCATION, answer.location());
    assertEquals("https://reprotect.dev/problems/already-running", problem.get("type").asText());
  }

  @Test
  @Order(12)
  void givenARunningPlan_whenReadingStatus_itShouldShowEachMachineLiveWithCountsAndProgress() {
    JsonNode status =
        Await.until(
            this::status,
            s ->
                "SYNCHRONIZING".equals(machine(s, WEB).get("state").asText())
                    && machine(s, WEB).get("progressPercent").asInt() > 40,
            Duration.ofSeconds(20),
            "vm-web-01 synchronizing within the plan");
    assertEquals("RUNNING", status.get("state").asText());
    assertEquals(1, count(status, "SYNCHRONIZING"), status.toString());
    assertEquals(1, count(status, "PENDING"), "a window of one: " + status);
    assertEquals("PENDING", machine(status, APP).get("state").asText());
    int web = machine(status, WEB).get("progressPercent").asInt();
    assertEquals(
        web / 2, status.get("progressPercent").asInt(), "the mean of the machines: " + status);
    JsonNode child = http().get("/api/v1/reprotections/reprotect-" + WEB).json();
    assertEquals(PLAN, child.get("plan").asText(), "each machine's request names the plan");
  }

  @Test
  @Order(13)
  void givenARunningPlan_whenPausedThenResumed_itShouldHoldThenStartTheNextMachine() {
    Http.Answer paused = http().post(LOCATION + "/pause", "");
    assertEquals(202, paused.status(), paused.body());
    assertEquals(LOCATION, paused.location());
    Await.until(
        this::status,
        s -> "PAUSED".equals(s.get("state").asText()),
        Duration.ofSeconds(10),
        "PAUSED");

    FakeSite.release(WEB);
    JsonNode whilePaused =
        Await.until(
            this::status,
            s -> "PROTECTED".equals(machine(s, WEB).get("state").asText()),
            Duration.ofSeconds(20),
            "vm-web-01 protected");
    assertEquals("PAUSED", whilePaused.get("state").asText());
    assertEquals(
        "PENDING",
        machine(whilePaused, APP).get("state").asText(),
        "no machine starts while paused");
    assertEquals(1, count(whilePaused, "PROTECTED"), whilePaused.toString());
    assertEquals(1, count(whilePaused, "PENDING"), whilePaused.toString());
    assertEquals(50, whilePaused.get("progressPercent").asInt(), whilePaused.toString());

    Http.Answer resumed = http().post(LOCATION + "/resume", "");
    assertEquals(202, resumed.status(), resumed.body());
    JsonNode running =
        Await.until(
            this::status,
            s -> !"PENDING".equals(machine(s, APP).get("state").asText()),
            Duration.ofSeconds(10),
            "vm-app-01 started");
    assertEquals("RUNNING", running.get("state").asText());
    assertEquals(0, count(running, "PENDING"), running.toString());
  }

  @Test
  @Order(14)
  void givenARunningPlan_whenCancelled_itShouldAnswer202AndEndCancelled() {
    Http.Answer cancelled = http().post(LOCATION + "/cancel", "");
    assertEquals(202, cancelled.status(), cancelled.body());
    assertEquals(LOCATION, cancelled.location());
    JsonNode status =
        Await.until(
            this::status,
            s -> "CANCELLED".equals(s.get("state").asText()),
            Duration.ofSeconds(30),
            "plan CANCELLED");
    assertEquals("PROTECTED", machine(status, WEB).get("state").asText());
    assertEquals("CANCELLED", machine(status, APP).get("state").asText());
    assertEquals(
        "CANCELLED",
        http().get("/api/v1/reprotections/reprotect-" + APP).json().get("state").asText());
  }

  @Test
  @Order(15)
  void givenAFinishedPlan_whenCancellingPausingOrResuming_itShouldAnswer409() {
    for (String action : List.of("cancel", "pause", "resume")) {
      Http.Answer answer = http().post(LOCATION + "/" + action, "");
      assertEquals(409, answer.status(), action + " -> " + answer.body());
      assertEquals(
          "https://reprotect.dev/problems/not-running", answer.json().get("type").asText());
    }
  }

  @Test
  @Order(16)
  void givenAFinishedPlan_whenStartedAgain_itShouldRetryOnlyItsUnprotectedMachines() {
    String webEnded =
        http().get("/api/v1/reprotections/reprotect-" + WEB).json().get("endedAt").asText();
    FakeSite.release(APP);
    Http.Answer again = http().post(BASE + "/reprotect", Http.planBody(web(), app()));
    assertEquals(202, again.status(), again.body());
    assertEquals(LOCATION, again.location());
    JsonNode status =
        Await.until(
            this::status,
            s -> s.get("state").asText().equals("PROTECTED"),
            Duration.ofSeconds(40),
            "plan PROTECTED");
    assertEquals(2, count(status, "PROTECTED"), status.toString());
    assertEquals(100, status.get("progressPercent").asInt(), status.toString());
    Instant.parse(status.get("endedAt").asText());
    assertEquals(
        "PROTECTED",
        http().get("/api/v1/reprotections/reprotect-" + APP).json().get("state").asText());
    assertEquals(
        webEnded,
        http().get("/api/v1/reprotections/reprotect-" + WEB).json().get("endedAt").asText(),
        "the protected machine is not reprotected again");
  }
}
