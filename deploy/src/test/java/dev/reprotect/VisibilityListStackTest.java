package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The lists on Temporal's real server: {@code ?state=} and {@code ?plan=} are visibility queries
 * over our search attributes, answered by the server, and a reprotection counts by its latest run
 * only (a cancelled run redone to PROTECTED is PROTECTED, not CANCELLED).
 */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "reprotect.api.token", value = VisibilityListStackTest.TOKEN)
@Property(name = "reprotect.site.simulated.time-scale", value = "0.002")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Timeout(180)
class VisibilityListStackTest {

  static final String TOKEN = "visibility-list-stack-test-token";
  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  WorkflowServiceStubs service;

  private BlockingHttpClient client() {
    return http.toBlocking();
  }

  private Map<String, Object> get(String path) {
    return client().retrieve(HttpRequest.GET(path).bearerAuth(TOKEN), JSON);
  }

  private HttpStatus post(String path, Object body) {
    return client().exchange(HttpRequest.POST(path, body).bearerAuth(TOKEN), JSON).getStatus();
  }

  private Map<String, Object> await(String path, Predicate<Map<String, Object>> until) throws InterruptedException {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
    Map<String, Object> body = get(path);
    while (!until.test(body)) {
      assertTrue(Instant.now().isBefore(deadline), "timed out waiting; last " + body);
      Thread.sleep(200);
      body = get(path);
    }
    return body;
  }

  @SuppressWarnings("unchecked")
  private static List<String> ids(Map<String, Object> page) {
    return ((List<Map<String, Object>>) page.get("items")).stream().map(m -> String.valueOf(m.get("id"))).toList();
  }

  private static Map<String, Object> webOnWin(String vm) {
    return Map.of("replicatedItem", vm, "masterTarget", "mt-win-01", "processServer", "ps-azure-01",
        "datastore", "vmfs-01", "retentionDrive", "R:");
  }

  @Test
  void givenACancelledRunRedoneAndAPlan_whenListingByStateAndPlan_theServerFiltersAndTheLatestRunCounts()
      throws Exception {
    // vm-web-01: a run cancelled mid-synchronization, then a second run to PROTECTED.
    assertEquals(HttpStatus.ACCEPTED, post("/api/v1/reprotections", webOnWin("vm-web-01")));
    await("/api/v1/reprotections/reprotect-vm-web-01", s -> "SYNCHRONIZING".equals(s.get("state")));
    assertEquals(HttpStatus.ACCEPTED, post("/api/v1/reprotections/reprotect-vm-web-01/cancel", Map.of()));
    await("/api/v1/reprotections/reprotect-vm-web-01", s -> "CANCELLED".equals(s.get("state")));
    await("/api/v1/reprotections?state=CANCELLED", page -> ids(page).contains("reprotect-vm-web-01"));
    assertEquals(HttpStatus.ACCEPTED, post("/api/v1/reprotections", webOnWin("vm-web-01")));
    await("/api/v1/reprotections/reprotect-vm-web-01", s -> "PROTECTED".equals(s.get("state")));

    // A plan of the replication group rg-app.
    assertEquals(HttpStatus.ACCEPTED, post("/api/v1/recovery-plans/rp-visibility/reprotect",
        Map.of("machines", List.of(webOnWin("vm-app-01"), webOnWin("vm-app-02")))));
    await("/api/v1/recovery-plans/rp-visibility/reprotection", p -> "PROTECTED".equals(p.get("state")));

    // Visibility is eventually consistent: wait until the server's rows show the last states.
    Map<String, Object> protectedPage = await("/api/v1/reprotections?state=PROTECTED",
        page -> ids(page).containsAll(List.of("reprotect-vm-web-01", "reprotect-vm-app-01", "reprotect-vm-app-02")));
    assertEquals(3, ((Number) protectedPage.get("total")).intValue(), protectedPage.toString());
    Map<String, Object> cancelled = get("/api/v1/reprotections?state=CANCELLED");
    assertEquals(List.of(), ids(cancelled), "the cancelled run was redone: its latest run is PROTECTED");
    assertEquals(0, ((Number) cancelled.get("total")).intValue());

    Map<String, Object> ofPlan = get("/api/v1/reprotections?plan=rp-visibility");
    assertEquals(List.of("reprotect-vm-app-01", "reprotect-vm-app-02"), ids(ofPlan).stream().sorted().toList());
    Map<String, Object> ofPlanProtected = get("/api/v1/reprotections?plan=rp-visibility&state=PROTECTED&size=1&page=1");
    assertEquals(2, ((Number) ofPlanProtected.get("total")).intValue(), ofPlanProtected.toString());
    assertEquals(1, ids(ofPlanProtected).size(), "a page of one, the second");
    assertEquals(List.of(), ids(get("/api/v1/reprotections?state=SYNCHRONIZING")));
    assertEquals(List.of("recovery-plan-rp-visibility"), ids(get("/api/v1/recovery-plans?state=PROTECTED")));

    // What an SRE's own Temporal client finds with the same search attributes.
    var rows = service.blockingStub().listWorkflowExecutions(ListWorkflowExecutionsRequest.newBuilder()
        .setNamespace("default").setQuery("ReprotectPlan = 'rp-visibility' AND WorkflowType = 'Reprotect'").build());
    assertEquals(2, rows.getExecutionsCount(), rows.toString());
  }
}
