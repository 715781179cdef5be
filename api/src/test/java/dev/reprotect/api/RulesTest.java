package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.api.support.Await;
import dev.reprotect.api.support.Http;
import dev.reprotect.api.support.Workflows;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Rule violations found by preflight: a 422 with every one, and nothing started; and the dry run.
 */
@MicronautTest
class RulesTest extends OverHttp {

  @Inject WorkflowServiceStubs service;

  static List<String> rules(JsonNode violations) {
    List<String> rules = new ArrayList<>();
    violations.forEach(v -> rules.add(v.get("rule").asText()));
    return rules;
  }

  boolean exists(String workflowId) {
    return Workflows.exists(service, workflowId);
  }

  @Test
  void givenAVmBreakingRules_whenStarting_itShouldAnswer422WithEveryViolationAndStartNothing() {
    Http.Answer answer =
        http()
            .post(
                "/api/v1/reprotections",
                Http.body("vm-db-01", "mt-win-01", null, "\"direction\":\"ONPREM_TO_AZURE\""));
    JsonNode problem = answer.problem(422);
    assertEquals(
        List.of("DIRECTION_NOT_AZURE_TO_ONPREM", "DATASTORE_REQUIRED", "MT_DISK_LIMIT"),
        rules(problem.get("violations")));
    assertEquals("DIRECTION_NOT_AZURE_TO_ONPREM", problem.get("rule").asText());
    assertEquals(
        "https://reprotect.dev/rules/DIRECTION_NOT_AZURE_TO_ONPREM", problem.get("type").asText());
    assertEquals(422, problem.get("status").asInt());
    assertFalse(problem.get("title").asText().isBlank());
    assertFalse(problem.get("fix").asText().isBlank());
    JsonNode first = problem.get("violations").get(0);
    assertEquals("vm-db-01", first.get("replicatedItem").asText());
    assertFalse(first.get("message").asText().isBlank());
    assertFalse(first.get("fix").asText().isBlank());
    assertFalse(exists("reprotect-vm-db-01"), "nothing may be started");
    assertEquals(404, http().get("/api/v1/reprotections/reprotect-vm-db-01").status());
  }

  @Test
  void givenAFailbackPolicy_whenStarting_itShouldAnswer422FailbackPolicyFixed() {
    Http.Answer answer =
        http()
            .post(
                "/api/v1/reprotections",
                Http.body(
                    "vm-app-01",
                    "mt-lin-01",
                    "vmfs-01",
                    "\"failbackPolicy\":{\"rpoThresholdMinutes\":5}"));
    assertEquals(422, answer.status(), answer.body());
    assertEquals("FAILBACK_POLICY_FIXED", answer.json().get("rule").asText());
    assertEquals(
        "https://reprotect.dev/rules/FAILBACK_POLICY_FIXED", answer.json().get("type").asText());
    assertEquals(List.of("FAILBACK_POLICY_FIXED"), rules(answer.json().get("violations")));
    assertFalse(exists("reprotect-vm-app-01"));

    for (String value : List.of("\"default\"", "15", "true", "[1,2]", "{}")) {
      Http.Answer other =
          http()
              .post(
                  "/api/v1/reprotections",
                  Http.body("vm-app-01", "mt-lin-01", "vmfs-01", "\"failbackPolicy\":" + value));
      assertEquals(422, other.status(), value + " -> " + other.body());
      assertEquals("FAILBACK_POLICY_FIXED", other.json().get("rule").asText());
    }
  }

  @Test
  void givenAnUnknownReplica_whenStarting_itShouldAnswer422ReplicaNotFound() {
    Http.Answer answer =
        http().post("/api/v1/reprotections", Http.body("vm-gone-01", "mt-win-01", "vmfs-01", null));
    assertEquals(422, answer.status(), answer.body());
    assertEquals("REPLICA_NOT_FOUND", answer.json().get("rule").asText());
  }

  @Test
  void givenACleanVm_whenDryRunning_itShouldAnswerOkWithWarningsAndStartNothing() {
    Http.Answer answer =
        http()
            .post(
                "/api/v1/reprotections/preflight",
                "{\"replicatedItem\":\"vm-app-01\",\"masterTarget\":\"mt-lin-01\",\"processServer\":\"ps-onprem-01\","
                    + "\"datastore\":\"vmfs-01\"}");
    assertEquals(200, answer.status(), answer.body());
    JsonNode report = answer.json();
    assertTrue(report.get("ok").asBoolean());
    assertEquals(0, report.get("violations").size());
    assertEquals(List.of("PROCESS_SERVER_REMOTE_OVER_VPN"), rules(report.get("warnings")));
    assertNull(report.get("target"), "the dry run answers ok, violations, warnings");
    assertFalse(exists("reprotect-vm-app-01"));
  }

  @Test
  void givenAVmBreakingRules_whenDryRunning_itShouldAnswer200WithEveryViolation() {
    Http.Answer answer =
        http()
            .post(
                "/api/v1/reprotections/preflight", Http.body("vm-db-01", "mt-win-01", null, null));
    assertEquals(200, answer.status(), answer.body());
    JsonNode report = answer.json();
    assertFalse(report.get("ok").asBoolean());
    assertEquals(List.of("DATASTORE_REQUIRED", "MT_DISK_LIMIT"), rules(report.get("violations")));
    assertEquals(0, report.get("warnings").size());
  }

  @Test
  void givenAStepBreakingARule_whenItFails_itShouldReportTheErrorAndListItAsFailed() {
    Http.Answer started =
        http()
            .post(
                "/api/v1/reprotections",
                Http.body("vm-web-01", "mt-vmotioned-01", "vmfs-01", null));
    assertEquals(202, started.status(), started.body());
    JsonNode failed =
        Await.until(
            () -> http().get("/api/v1/reprotections/reprotect-vm-web-01").json(),
            s -> "FAILED".equals(s.get("state").asText()),
            Duration.ofSeconds(20),
            "FAILED");
    JsonNode error = failed.get("error");
    assertEquals("MT_STORAGE_VMOTIONED", error.get("rule").asText(), failed.toString());
    assertEquals("SYNCHRONIZE", error.get("step").asText());
    assertFalse(error.get("fix").asText().isBlank());
    assertTrue(error.get("message").asText().contains("Storage-vMotioned"));
    assertEquals("FAILED", failed.get("steps").get(6).get("state").asText());
    JsonNode listed = http().get("/api/v1/reprotections?state=FAILED").json();
    assertEquals(1, listed.get("total").asInt(), listed.toString());
  }
}
