package dev.reprotect;

import static dev.reprotect.StackApi.listOf;
import static dev.reprotect.StackApi.onWindowsMasterTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.http.HttpStatus;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lists on Temporal's real server: {@code ?state=} and {@code ?plan=} are visibility queries
 * over our search attributes, answered by the server, and a reprotection counts by its latest run
 * only (a cancelled run redone to PROTECTED is PROTECTED, not CANCELLED).
 */
@MicronautTest(environments = StackApi.ENVIRONMENT)
@Timeout(180)
class VisibilityListStackTest {

  /** Visibility is eventually consistent: a list may lag the status it is filtered by. */
  static final Duration PATIENCE = Duration.ofSeconds(120);

  @Inject StackApi api;

  @Inject WorkflowServiceStubs service;

  private static List<String> ids(Map<String, Object> page) {
    return listOf(page, "items").stream().map(m -> String.valueOf(m.get("id"))).toList();
  }

  private HttpStatus start(Map<String, Object> request) {
    return api.post("/api/v1/reprotections", request).getStatus();
  }

  @Test
  void
      givenACancelledRunRedoneAndAPlan_whenListingByStateAndPlan_theServerFiltersAndTheLatestRunCounts()
          throws Exception {
    // vm-web-01: a run cancelled mid-synchronization, then a second run to PROTECTED.
    assertEquals(HttpStatus.ACCEPTED, start(onWindowsMasterTarget("vm-web-01")));
    api.await(
        "/api/v1/reprotections/reprotect-vm-web-01",
        PATIENCE,
        s -> "SYNCHRONIZING".equals(s.get("state")));
    assertEquals(
        HttpStatus.ACCEPTED,
        api.post("/api/v1/reprotections/reprotect-vm-web-01/cancel", Map.of()).getStatus());
    api.await(
        "/api/v1/reprotections/reprotect-vm-web-01",
        PATIENCE,
        s -> "CANCELLED".equals(s.get("state")));
    api.await(
        "/api/v1/reprotections?state=CANCELLED",
        PATIENCE,
        page -> ids(page).contains("reprotect-vm-web-01"));
    assertEquals(HttpStatus.ACCEPTED, start(onWindowsMasterTarget("vm-web-01")));
    api.await(
        "/api/v1/reprotections/reprotect-vm-web-01",
        PATIENCE,
        s -> "PROTECTED".equals(s.get("state")));

    // A plan of the replication group rg-app.
    assertEquals(
        HttpStatus.ACCEPTED,
        api.post(
                "/api/v1/recovery-plans/rp-visibility/reprotect",
                Map.of(
                    "machines",
                    List.of(
                        onWindowsMasterTarget("vm-app-01"), onWindowsMasterTarget("vm-app-02"))))
            .getStatus());
    api.await(
        "/api/v1/recovery-plans/rp-visibility/reprotection",
        PATIENCE,
        p -> "PROTECTED".equals(p.get("state")));

    // Visibility is eventually consistent: wait until the server's rows show the last states.
    Map<String, Object> protectedPage =
        api.await(
            "/api/v1/reprotections?state=PROTECTED",
            PATIENCE,
            page ->
                ids(page)
                    .containsAll(
                        List.of(
                            "reprotect-vm-web-01", "reprotect-vm-app-01", "reprotect-vm-app-02")));
    assertEquals(3, ((Number) protectedPage.get("total")).intValue(), protectedPage.toString());
    Map<String, Object> cancelled = api.get("/api/v1/reprotections?state=CANCELLED");
    assertEquals(
        List.of(), ids(cancelled), "the cancelled run was redone: its latest run is PROTECTED");
    assertEquals(0, ((Number) cancelled.get("total")).intValue());

    Map<String, Object> ofPlan = api.get("/api/v1/reprotections?plan=rp-visibility");
    assertEquals(
        List.of("reprotect-vm-app-01", "reprotect-vm-app-02"),
        ids(ofPlan).stream().sorted().toList());
    Map<String, Object> ofPlanProtected =
        api.get("/api/v1/reprotections?plan=rp-visibility&state=PROTECTED&size=1&page=1");
    assertEquals(2, ((Number) ofPlanProtected.get("total")).intValue(), ofPlanProtected.toString());
    assertEquals(1, ids(ofPlanProtected).size(), "a page of one, the second");
    assertEquals(List.of(), ids(api.get("/api/v1/reprotections?state=SYNCHRONIZING")));
    assertEquals(
        List.of("recovery-plan-rp-visibility"),
        ids(api.get("/api/v1/recovery-plans?state=PROTECTED")));

    // What an SRE's own Temporal client finds with the same search attributes.
    var rows =
        service
            .blockingStub()
            .listWorkflowExecutions(
                ListWorkflowExecutionsRequest.newBuilder()
                    .setNamespace("default")
                    .setQuery("ReprotectPlan = 'rp-visibility' AND WorkflowType = 'Reprotect'")
                    .build());
    assertEquals(2, rows.getExecutionsCount(), rows.toString());
  }
}
