package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Recovery plans on the whole embedded stack over HTTP, against the simulated sample site. */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "reprotect.api.token", value = RecoveryPlanStackTest.TOKEN)
@Property(name = "reprotect.site.simulated.time-scale", value = "0.002")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Timeout(120)
class RecoveryPlanStackTest {

  static final String TOKEN = "plan-stack-test-token";
  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  SimulatedSite site;

  @Inject
  WorkflowClient temporal;

  private HttpResponse<Map<String, Object>> post(String path, Object body) {
    return http.toBlocking().exchange(HttpRequest.POST(path, body).bearerAuth(TOKEN), JSON);
  }

  private Map<String, Object> get(String path) {
    return http.toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(TOKEN), JSON);
  }

  private static Map<String, Object> windowsMachine(String vm) {
    return Map.of("replicatedItem", vm, "masterTarget", "mt-win-01", "processServer", "ps-azure-01",
        "datastore", "vmfs-01", "retentionDrive", "R:");
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> listOf(Map<String, Object> body, String key) {
    return (List<Map<String, Object>>) body.get(key);
  }

  @Test
  void givenThePlanWithAReplicationGroup_whenReprotected_itShouldShowProgressAndEndWithTheGroupProtected()
      throws Exception {
    HttpResponse<Map<String, Object>> started = post("/api/v1/recovery-plans/rp-app/reprotect",
        Map.of("machines", List.of(windowsMachine("vm-app-01"), windowsMachine("vm-app-02"))));
    assertEquals(HttpStatus.ACCEPTED, started.getStatus());
    assertEquals("/api/v1/recovery-plans/rp-app/reprotection", started.header("Location"));

    List<Map<String, Object>> seen = new ArrayList<>();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
    Map<String, Object> status = get("/api/v1/recovery-plans/rp-app/reprotection");
    while (!List.of("PROTECTED", "FAILED", "CANCELLED").contains(status.get("state"))) {
      assertTrue(Instant.now().isBefore(deadline), "plan still running: " + status);
      seen.add(status);
      Thread.sleep(100);
      status = get("/api/v1/recovery-plans/rp-app/reprotection");
    }

    assertEquals("PROTECTED", status.get("state"), status.toString());
    assertEquals(100, ((Number) status.get("progressPercent")).intValue());
    assertEquals(Map.of("PROTECTED", 2), status.get("counts"));
    Map<String, Object> group = listOf(status, "groups").get(0);
    assertEquals("rg-app", group.get("name"));
    assertEquals("PROTECTED", group.get("state"));
    // While it ran, the status counted machines per state and showed partial progress.
    assertTrue(seen.stream().anyMatch(s -> {
      int progress = ((Number) s.get("progressPercent")).intValue();
      return progress > 0 && progress < 100 && !((Map<?, ?>) s.get("counts")).isEmpty();
    }), "no intermediate progress seen in " + seen.size() + " polls");
    for (String vm : List.of("vm-app-01", "vm-app-02")) {
      SideEffects effects = site.sideEffects(vm);
      assertEquals(1, effects.diskAttaches(), vm);
      assertEquals(1, effects.replicationStarts(), vm);
    }
    SlotsView slots = temporal.newWorkflowStub(MasterTargetSlotsWorkflow.class,
        MasterTargetSlotsWorkflow.workflowIdFor("mt-win-01")).slots();
    assertTrue(slots.used() <= 60, slots.toString());
    assertTrue(slots.used() >= 2, "the protected machines' disks hold slots: " + slots);
  }

  @Test
  void givenAPlanOverAMasterTargetsSixtyDisks_whenStarted_itShouldBeRefusedNamingTheMachinesAndChangeNothing() {
    HttpClientResponseException refused = assertThrows(HttpClientResponseException.class,
        () -> post("/api/v1/recovery-plans/rp-fileservers/reprotect",
            Map.of("machines", List.of(windowsMachine("vm-fs-01"), windowsMachine("vm-fs-02")))));

    assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, refused.getStatus());
    Map<String, Object> problem = refused.getResponse().getBody(JSON).orElseThrow();
    assertEquals("MT_DISK_LIMIT", problem.get("rule"), problem.toString());
    List<Map<String, Object>> violations = listOf(problem, "violations");
    assertTrue(violations.stream().allMatch(v -> "MT_DISK_LIMIT".equals(v.get("rule"))), violations.toString());
    assertTrue(violations.stream().anyMatch(v -> v.get("replicatedItem") != null
        && ((String) v.get("replicatedItem")).startsWith("vm-fs-")), violations.toString());
    assertNotNull(violations.get(0).get("fix"));

    HttpClientResponseException none = assertThrows(HttpClientResponseException.class,
        () -> get("/api/v1/recovery-plans/rp-fileservers/reprotection"));
    assertEquals(HttpStatus.NOT_FOUND, none.getStatus());
    assertEquals(SideEffects.NONE, site.sideEffects("vm-fs-01"));
    assertEquals(SideEffects.NONE, site.sideEffects("vm-fs-02"));
  }
}
