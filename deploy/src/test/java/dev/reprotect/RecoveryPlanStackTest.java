package dev.reprotect;

import static dev.reprotect.StackApi.listOf;
import static dev.reprotect.StackApi.onWindowsMasterTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Recovery plans on the whole embedded stack over HTTP, against the simulated sample site. */
@MicronautTest(environments = StackApi.ENVIRONMENT)
@Timeout(120)
class RecoveryPlanStackTest {

  @Inject StackApi api;

  @Inject SimulatedSite site;

  @Inject WorkflowClient temporal;

  @Test
  void
      givenThePlanWithAReplicationGroup_whenReprotected_itShouldShowProgressAndEndWithTheGroupProtected()
          throws Exception {
    HttpResponse<Map<String, Object>> started =
        api.post(
            "/api/v1/recovery-plans/rp-app/reprotect",
            Map.of(
                "machines",
                List.of(onWindowsMasterTarget("vm-app-01"), onWindowsMasterTarget("vm-app-02"))));
    assertEquals(HttpStatus.ACCEPTED, started.getStatus());
    assertEquals("/api/v1/recovery-plans/rp-app/reprotection", started.header("Location"));

    List<Map<String, Object>> seen = new ArrayList<>();
    Map<String, Object> status =
        api.await(
            "/api/v1/recovery-plans/rp-app/reprotection",
            s -> {
              seen.add(s);
              return StackApi.terminal(s);
            });

    assertEquals("PROTECTED", status.get("state"), status.toString());
    assertEquals(100, ((Number) status.get("progressPercent")).intValue());
    assertEquals(Map.of("PROTECTED", 2), status.get("counts"));
    Map<String, Object> group = listOf(status, "groups").get(0);
    assertEquals("rg-app", group.get("name"));
    assertEquals("PROTECTED", group.get("state"));
    // While it ran, the status counted machines per state and showed partial progress.
    assertTrue(
        seen.stream()
            .anyMatch(
                s -> {
                  int progress = ((Number) s.get("progressPercent")).intValue();
                  return progress > 0 && progress < 100 && !((Map<?, ?>) s.get("counts")).isEmpty();
                }),
        "no intermediate progress seen in " + seen.size() + " polls");
    for (String vm : List.of("vm-app-01", "vm-app-02")) {
      SideEffects effects = site.sideEffects(vm);
      assertEquals(1, effects.diskAttaches(), vm);
      assertEquals(1, effects.replicationStarts(), vm);
    }
    SlotsView slots =
        temporal
            .newWorkflowStub(
                MasterTargetSlotsWorkflow.class,
                MasterTargetSlotsWorkflow.workflowIdFor("mt-win-01"))
            .slots();
    assertTrue(slots.used() <= 60, slots.toString());
    assertTrue(slots.used() >= 2, "the protected machines' disks hold slots: " + slots);
  }

  @Test
  void
      givenAPlanOverAMasterTargetsSixtyDisks_whenStarted_itShouldBeRefusedNamingTheMachinesAndChangeNothing() {
    Map<String, Object> problem =
        api.refused(
            HttpStatus.UNPROCESSABLE_ENTITY,
            "/api/v1/recovery-plans/rp-fileservers/reprotect",
            Map.of(
                "machines",
                List.of(onWindowsMasterTarget("vm-fs-01"), onWindowsMasterTarget("vm-fs-02"))));

    assertEquals("MT_DISK_LIMIT", problem.get("rule"), problem.toString());
    List<Map<String, Object>> violations = listOf(problem, "violations");
    assertTrue(
        violations.stream().allMatch(v -> "MT_DISK_LIMIT".equals(v.get("rule"))),
        violations.toString());
    assertTrue(
        violations.stream()
            .anyMatch(
                v ->
                    v.get("replicatedItem") != null
                        && ((String) v.get("replicatedItem")).startsWith("vm-fs-")),
        violations.toString());
    assertNotNull(violations.get(0).get("fix"));

    HttpClientResponseException none =
        assertThrows(
            HttpClientResponseException.class,
            () -> api.get("/api/v1/recovery-plans/rp-fileservers/reprotection"));
    assertEquals(HttpStatus.NOT_FOUND, none.getStatus());
    assertEquals(SideEffects.NONE, site.sideEffects("vm-fs-01"));
    assertEquals(SideEffects.NONE, site.sideEffects("vm-fs-02"));
  }
}
