package dev.reprotect;

import static dev.reprotect.StackApi.JSON;
import static dev.reprotect.StackApi.listOf;
import static dev.reprotect.StackApi.machine;
import static dev.reprotect.StackApi.onWindowsMasterTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.simulated.SiteFaults;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole embedded default in one JVM, as the README's run command starts it: Temporal's
 * in-memory server on a TCP port, the worker against the simulated sample site, and the HTTP API,
 * exercised over real HTTP. Time scale 0.002 makes the sample's minutes into a few seconds.
 *
 * <p>With {@code -Dreprotect.record-histories=DIR} each run's history is written to DIR, to be
 * committed under workflows/src/test/resources/histories/reprotect for the replay tests.
 */
@MicronautTest(environments = StackApi.ENVIRONMENT)
@Timeout(120)
class EmbeddedStackTest {

  @Inject StackApi api;

  @Inject SimulatedSite site;

  /**
   * Fetch the history over HTTP, replay it against today's workflow code, and record it if asked.
   */
  private void replayHistory(String id, String recordAs) throws Exception {
    String json = api.text("/api/v1/reprotections/" + id + "/history");
    WorkflowExecutionHistory history = WorkflowExecutionHistory.fromJson(json);
    assertFalse(history.getEvents().isEmpty());
    WorkflowReplayer.replayWorkflowExecution(history, ReprotectWorkflowImpl.class);
    String dir = System.getProperty("reprotect.record-histories");
    if (dir != null && !dir.isBlank()) {
      Files.writeString(Path.of(dir, recordAs + ".json"), history.toJson(true));
    }
  }

  @Test
  void givenTheSampleWindowsVm_whenReprotected_itShouldReachProtectedWithStepsInOrderAndTimed()
      throws Exception {
    HttpResponse<Map<String, Object>> started =
        api.post("/api/v1/reprotections", onWindowsMasterTarget("vm-web-01"));

    assertEquals(HttpStatus.ACCEPTED, started.getStatus());
    assertEquals("/api/v1/reprotections/reprotect-vm-web-01", started.header("Location"));
    assertEquals("reprotect-vm-web-01", started.body().get("id"));

    Map<String, Object> done = api.awaitReprotection("reprotect-vm-web-01", StackApi::terminal);
    assertEquals("PROTECTED", done.get("state"), done.toString());
    assertEquals(100, ((Number) done.get("progressPercent")).intValue());
    List<String> names = listOf(done, "steps").stream().map(s -> (String) s.get("name")).toList();
    assertEquals(
        List.of(
            "VALIDATE",
            "WAIT_FOR_AGENT",
            "MERGE_SNAPSHOTS",
            "POWER_OFF",
            "ATTACH_DISKS",
            "START_REPLICATION",
            "SYNCHRONIZE"),
        names);
    Instant previousEnd = Instant.parse((String) done.get("startedAt"));
    for (Map<String, Object> step : listOf(done, "steps")) {
      assertEquals("COMPLETED", step.get("state"), step.toString());
      Instant startedAt = Instant.parse((String) step.get("startedAt"));
      Instant endedAt = Instant.parse((String) step.get("endedAt"));
      assertFalse(startedAt.isBefore(previousEnd), "steps overlap: " + step);
      assertFalse(endedAt.isBefore(startedAt), step.toString());
      assertNotNull(step.get("detail"));
      previousEnd = endedAt;
    }
    assertNotNull(done.get("endedAt"));
    assertEquals(1, site.sideEffects("vm-web-01").powerOffs());
    assertEquals(1, site.sideEffects("vm-web-01").replicationStarts());
    assertEquals(2, site.masterTarget("mt-win-01").orElseThrow().attachedFor("vm-web-01").size());

    replayHistory("reprotect-vm-web-01", "protected-original-vm-web-01");
  }

  @Test
  void givenAVmWhoseOnPremisesVmIsGone_whenReprotected_itShouldRecoverToAnAlternateLocation()
      throws Exception {
    api.post("/api/v1/reprotections", onWindowsMasterTarget("vm-old-01"));

    Map<String, Object> done = api.awaitReprotection("reprotect-vm-old-01", StackApi::terminal);

    assertEquals("PROTECTED", done.get("state"), done.toString());
    assertEquals("SKIPPED", listOf(done, "steps").get(2).get("state"));
    assertEquals("SKIPPED", listOf(done, "steps").get(3).get("state"));
    assertEquals(1, site.sideEffects("vm-old-01").vmCreations());
    replayHistory("reprotect-vm-old-01", "protected-alternate-vm-old-01");
  }

  @Test
  void givenARuleBreakingVm_whenStarted_itShouldAnswer422WithEveryRuleAndStartNothing() {
    HttpClientResponseException refused =
        assertThrows(
            HttpClientResponseException.class,
            () ->
                api.post(
                    "/api/v1/reprotections",
                    machine("vm-azure-native", "mt-lnx-01", "ps-azure-01", "nfs-01", "R:")));

    assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, refused.getStatus());
    assertEquals(
        MediaType.APPLICATION_JSON_PROBLEM,
        refused.getResponse().getContentType().orElseThrow().toString());
    Map<String, Object> problem = refused.getResponse().getBody(JSON).orElseThrow();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> violations = (List<Map<String, Object>>) problem.get("violations");
    List<Object> rules = violations.stream().map(v -> v.get("rule")).toList();
    assertTrue(rules.contains("VM_CREATED_IN_AZURE"), rules.toString());
    assertTrue(rules.contains("MT_OS_MISMATCH"), rules.toString());
    assertTrue(rules.contains("DATASTORE_NFS_UNSUPPORTED"), rules.toString());
    assertEquals(problem.get("rule"), violations.get(0).get("rule"));
    assertTrue(((String) problem.get("type")).startsWith("https://reprotect.dev/rules/"));
    violations.forEach(v -> assertNotNull(v.get("fix"), v.toString()));

    HttpClientResponseException notStarted =
        assertThrows(
            HttpClientResponseException.class,
            () -> api.get("/api/v1/reprotections/reprotect-vm-azure-native"));
    assertEquals(HttpStatus.NOT_FOUND, notStarted.getStatus());
    assertEquals(
        List.of(),
        List.copyOf(
            site.allSideEffects().keySet().stream()
                .filter(vm -> vm.equals("vm-azure-native"))
                .toList()));
  }

  @Test
  void givenARunningReprotection_whenStartedAgainThenCancelled_itShouldAnswer409AndCompensate()
      throws Exception {
    Map<String, Object> body =
        machine("vm-db-01", "mt-lnx-01", "ps-azure-01", "vsan-01", "/mnt/retention");
    assertEquals(HttpStatus.ACCEPTED, api.post("/api/v1/reprotections", body).getStatus());

    HttpClientResponseException conflict =
        assertThrows(
            HttpClientResponseException.class, () -> api.post("/api/v1/reprotections", body));
    assertEquals(HttpStatus.CONFLICT, conflict.getStatus());
    assertEquals(
        "/api/v1/reprotections/reprotect-vm-db-01", conflict.getResponse().header("Location"));

    api.awaitReprotection("reprotect-vm-db-01", s -> "SYNCHRONIZING".equals(s.get("state")));
    assertEquals(2, site.masterTarget("mt-lnx-01").orElseThrow().attachedFor("vm-db-01").size());
    HttpResponse<Map<String, Object>> cancel =
        api.post("/api/v1/reprotections/reprotect-vm-db-01/cancel", Map.of());
    assertEquals(HttpStatus.ACCEPTED, cancel.getStatus());

    Map<String, Object> cancelled = api.awaitReprotection("reprotect-vm-db-01", StackApi::terminal);
    assertEquals("CANCELLED", cancelled.get("state"), cancelled.toString());
    assertEquals(List.of(), site.masterTarget("mt-lnx-01").orElseThrow().attachedFor("vm-db-01"));
    assertEquals(1, site.sideEffects("vm-db-01").replicationStops());
    assertEquals("POWERED_OFF", site.vm("vm-db-01").orElseThrow().powerState().name());
    replayHistory("reprotect-vm-db-01", "cancelled-vm-db-01");
  }

  @Test
  void
      givenAnOnPremisesVmPoweredOnDuringSync_whenReprotecting_itShouldFailWithItsRuleAndCompensate()
          throws Exception {
    api.post("/api/v1/reprotections", onWindowsMasterTarget("vm-slow-agent-01"));
    api.awaitReprotection(
        "reprotect-vm-slow-agent-01", s -> "SYNCHRONIZING".equals(s.get("state")));

    SiteFaults.of(site).powerOn("vm-slow-agent-01");

    Map<String, Object> failed =
        api.awaitReprotection("reprotect-vm-slow-agent-01", StackApi::terminal);
    assertEquals("FAILED", failed.get("state"), failed.toString());
    @SuppressWarnings("unchecked")
    Map<String, Object> error = (Map<String, Object>) failed.get("error");
    assertEquals("ONPREM_VM_POWERED_ON", error.get("rule"));
    assertEquals("SYNCHRONIZE", error.get("step"));
    assertNotNull(error.get("fix"));
    assertEquals(
        List.of(), site.masterTarget("mt-win-01").orElseThrow().attachedFor("vm-slow-agent-01"));
    replayHistory("reprotect-vm-slow-agent-01", "failed-onprem-vm-powered-on-vm-slow-agent-01");
  }

  @Test
  void givenAReplicationGroupMember_whenStartedAlone_itShouldBeRefusedByRule() {
    HttpClientResponseException refused =
        assertThrows(
            HttpClientResponseException.class,
            () -> api.post("/api/v1/reprotections", onWindowsMasterTarget("vm-app-01")));

    assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, refused.getStatus());
    assertEquals(
        "GROUP_REQUIRES_RECOVERY_PLAN",
        refused.getResponse().getBody(JSON).orElseThrow().get("rule"));
  }

  @Test
  void
      givenAProcessServerNameWithATypo_whenPreflightedOrStarted_itShouldBeRefusedAsNotRegisteredAndStartNothing() {
    Map<String, Object> body = machine("vm-fs-01", "mt-win-01", "ps-azure-1", "vmfs-01", "R:");
    Map<String, Object> dryRun = api.post("/api/v1/reprotections/preflight", body).body();
    assertEquals(false, dryRun.get("ok"), dryRun.toString());
    assertTrue(
        notRegistered(dryRun).get("message").toString().contains("ps-azure-1"), dryRun.toString());

    HttpClientResponseException refused =
        assertThrows(
            HttpClientResponseException.class, () -> api.post("/api/v1/reprotections", body));
    assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, refused.getStatus());
    Map<String, Object> problem = refused.getResponse().getBody(JSON).orElseThrow();
    assertTrue(
        notRegistered(problem).get("fix").toString().contains("registered process server"),
        problem.toString());
    HttpClientResponseException notStarted =
        assertThrows(
            HttpClientResponseException.class,
            () -> api.get("/api/v1/reprotections/reprotect-vm-fs-01"));
    assertEquals(HttpStatus.NOT_FOUND, notStarted.getStatus());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> notRegistered(Map<String, Object> answer) {
    return ((List<Map<String, Object>>) answer.get("violations"))
        .stream()
            .filter(v -> "PROCESS_SERVER_NOT_REGISTERED".equals(v.get("rule")))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no PROCESS_SERVER_NOT_REGISTERED in " + answer));
  }

  @Test
  void givenNoCredentials_whenCallingTheApi_itShouldAnswer401ButHealthStaysOpen() {
    HttpClientResponseException refused =
        assertThrows(
            HttpClientResponseException.class,
            () -> api.client().exchange(HttpRequest.GET("/api/v1/reprotections"), JSON));
    assertEquals(HttpStatus.UNAUTHORIZED, refused.getStatus());

    Map<String, Object> health = api.client().retrieve(HttpRequest.GET("/health"), JSON);
    assertEquals("UP", health.get("status"));
  }

  @Test
  void givenTheSampleSite_whenListingReplicatedItems_itShouldShowEveryItemAndTheDialogChoices() {
    Map<String, Object> items = api.get("/api/v1/replicated-items");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = (List<Map<String, Object>>) items.get("items");
    Map<String, Object> web =
        list.stream().filter(i -> i.get("name").equals("vm-web-01")).findFirst().orElseThrow();
    assertEquals("WINDOWS", web.get("osType"));
    Map<String, Object> app =
        list.stream().filter(i -> i.get("name").equals("vm-app-01")).findFirst().orElseThrow();
    assertEquals("rg-app", app.get("replicationGroup"));
    assertEquals("rp-app", app.get("recoveryPlan"));
    Map<String, Object> options = api.get("/api/v1/replicated-items/vm-web-01/reprotect-options");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> masterTargets =
        (List<Map<String, Object>>) options.get("masterTargets");
    Map<String, Object> mtWin01 =
        masterTargets.stream()
            .filter(m -> m.get("name").equals("mt-win-01"))
            .findFirst()
            .orElseThrow();
    Map<String, Object> mtLnx01 =
        masterTargets.stream()
            .filter(m -> m.get("name").equals("mt-lnx-01"))
            .findFirst()
            .orElseThrow();
    assertEquals(true, mtWin01.get("eligible"));
    assertEquals(false, mtLnx01.get("eligible"));
    assertTrue(((List<?>) mtLnx01.get("rules")).contains("MT_OS_MISMATCH"));
  }
}
