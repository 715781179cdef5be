package dev.reprotect;

import static dev.reprotect.StackApi.listOf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Placement on the whole embedded stack over HTTP, against the simulated sample site. */
@MicronautTest(environments = StackApi.ENVIRONMENT)
@Timeout(120)
class PlacementStackTest {

  @Inject StackApi api;

  @Inject SimulatedSite site;

  @Inject WorkflowClient temporal;

  private static Map<String, Object> noValues(String... items) {
    return Map.of(
        "machines", List.of(items).stream().map(i -> Map.of("replicatedItem", i)).toList());
  }

  @Test
  void givenRpAppWithNoValues_whenPlacementIsAsked_itShouldAnswerTheAssignmentInTheContractShape() {
    HttpResponse<Map<String, Object>> answer =
        api.post("/api/v1/recovery-plans/rp-app/placement", noValues("vm-app-01", "vm-app-02"));

    assertEquals(HttpStatus.OK, answer.getStatus());
    Map<String, Object> body = answer.body();
    assertEquals(Set.of("plan", "machines", "masterTargets"), body.keySet());
    assertEquals("rp-app", body.get("plan"));
    List<Map<String, Object>> machines = listOf(body, "machines");
    assertEquals(
        List.of("vm-app-01", "vm-app-02"),
        machines.stream().map(m -> m.get("replicatedItem")).toList());
    for (Map<String, Object> m : machines) {
      assertEquals(
          Set.of(
              "replicatedItem",
              "masterTarget",
              "processServer",
              "datastore",
              "retentionDrive",
              "recoveryLocation",
              "given"),
          m.keySet());
      assertEquals("mt-win-01", m.get("masterTarget"), m.toString());
      assertEquals("vmfs-01", m.get("datastore"));
      assertEquals("R:", m.get("retentionDrive"));
      assertEquals("ORIGINAL", m.get("recoveryLocation"));
      assertEquals(List.of(), m.get("given"));
      assertTrue(
          List.of("ps-azure-01", "ps-onprem-01").contains(m.get("processServer")), m.toString());
    }
    Map<String, Object> win =
        listOf(body, "masterTargets").stream()
            .filter(t -> "mt-win-01".equals(t.get("name")))
            .findFirst()
            .orElseThrow();
    assertEquals(
        Map.of(
            "name",
            "mt-win-01",
            "osType",
            "WINDOWS",
            "disksHeld",
            0,
            "disksAssigned",
            2,
            "capacity",
            60),
        win);
  }

  @Test
  void
      givenRpFileserversOverOneMasterTarget_whenPlacementIsAsked_itShouldAnswer422WithTheRuleAndTheFix() {
    Map<String, Object> problem =
        api.refused(
            HttpStatus.UNPROCESSABLE_ENTITY,
            "/api/v1/recovery-plans/rp-fileservers/placement",
            noValues("vm-fs-01", "vm-fs-02"));

    assertEquals("MT_DISK_LIMIT", problem.get("rule"), problem.toString());
    Map<String, Object> violation = listOf(problem, "violations").get(0);
    assertEquals("vm-fs-02", violation.get("replicatedItem"));
    assertTrue(
        ((String) violation.get("fix"))
            .startsWith("add one more WINDOWS master target with 32 free disk slots"),
        violation.toString());
    assertEquals(problem.get("fix"), violation.get("fix"));
  }

  @Test
  void
      givenRpAppWithNoValuesAndPlacementAuto_whenReprotected_itShouldReachProtectedShowingAndRecordingTheValues()
          throws Exception {
    Map<String, Object> body =
        Map.of(
            "machines",
            List.of(
                Map.of("replicatedItem", "vm-app-01"),
                Map.of("replicatedItem", "vm-app-02", "processServer", "ps-azure-01")),
            "placement",
            "auto");
    HttpResponse<Map<String, Object>> started =
        api.post("/api/v1/recovery-plans/rp-app/reprotect", body);
    assertEquals(HttpStatus.ACCEPTED, started.getStatus());

    Map<String, Object> status =
        api.await("/api/v1/recovery-plans/rp-app/reprotection", StackApi::terminal);

    assertEquals("PROTECTED", status.get("state"), status.toString());
    assertTrue(
        listOf(status, "machines").stream().allMatch(m -> "PROTECTED".equals(m.get("state"))),
        status.toString());
    List<Map<String, Object>> placement = listOf(status, "placement");
    assertEquals(
        List.of("vm-app-01", "vm-app-02"),
        placement.stream().map(m -> m.get("replicatedItem")).toList());
    for (Map<String, Object> m : placement) {
      assertEquals("mt-win-01", m.get("masterTarget"), m.toString());
      assertEquals("vmfs-01", m.get("datastore"));
      assertEquals("R:", m.get("retentionDrive"));
    }
    assertEquals(List.of(), placement.get(0).get("given"));
    assertEquals(List.of("processServer"), placement.get(1).get("given"));
    assertEquals("ps-azure-01", placement.get(1).get("processServer"), "a given value is kept");
    for (String vm : List.of("vm-app-01", "vm-app-02")) {
      assertEquals(1, site.sideEffects(vm).diskAttaches(), vm);
    }
    // The plan's first history event records what placement chose, each value once.
    String input =
        temporal
            .fetchHistory(RecoveryPlanRequest.workflowIdFor("rp-app"))
            .getHistory()
            .getEvents(0)
            .getWorkflowExecutionStartedEventAttributes()
            .getInput()
            .getPayloads(0)
            .getData()
            .toString(StandardCharsets.UTF_8);
    assertTrue(input.contains("\"placed\":{\"vm-app-01\":[\"ORIGINAL\",[]]"), input);
  }

  @Test
  void givenAnImpossiblePlanAndPlacementAuto_whenReprotected_itShouldBeRefusedAndStartNothing() {
    Map<String, Object> body =
        Map.of(
            "machines",
            List.of(Map.of("replicatedItem", "vm-fs-01"), Map.of("replicatedItem", "vm-fs-02")),
            "placement",
            "auto");

    Map<String, Object> problem =
        api.refused(
            HttpStatus.UNPROCESSABLE_ENTITY,
            "/api/v1/recovery-plans/rp-fileservers/reprotect",
            body);

    assertEquals("MT_DISK_LIMIT", problem.get("rule"), problem.toString());
    HttpClientResponseException none =
        assertThrows(
            HttpClientResponseException.class,
            () -> api.get("/api/v1/recovery-plans/rp-fileservers/reprotection"));
    assertEquals(HttpStatus.NOT_FOUND, none.getStatus());
    assertEquals(SideEffects.NONE, site.sideEffects("vm-fs-01"));
  }

  @Test
  void givenAnotherPlacementMode_whenReprotected_itShouldAnswer400() {
    HttpClientResponseException bad =
        assertThrows(
            HttpClientResponseException.class,
            () ->
                api.post(
                    "/api/v1/recovery-plans/rp-app/reprotect",
                    Map.of(
                        "machines",
                        List.of(Map.of("replicatedItem", "vm-app-01")),
                        "placement",
                        "balanced")));
    assertEquals(HttpStatus.BAD_REQUEST, bad.getStatus());
  }
}
