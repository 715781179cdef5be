package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The protection watch on the embedded default: a machine reprotected through the API shows its
 * replication health and RPO in the replicated items, its plan's status and /prometheus; when the
 * simulated site makes it fall behind (sample inventory: vm-fs-02, 30 site minutes after
 * protection, here 3.6 s), the RPO passes 15 minutes everywhere it shows.
 */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "reprotect.api.token", value = WatchStackTest.TOKEN)
@Property(name = "reprotect.site.simulated.time-scale", value = "0.002")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Property(name = "reprotect.watch.check-interval", value = "500ms")
@Timeout(180)
class WatchStackTest {

  static final String TOKEN = "watch-stack-test-token";
  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final String VM = "vm-fs-02";
  static final String PLAN = "rp-fileservers";

  @Inject
  @Client("/")
  HttpClient http;

  private HttpResponse<Map<String, Object>> post(String path, Object body) {
    return http.toBlocking().exchange(HttpRequest.POST(path, body).bearerAuth(TOKEN), JSON);
  }

  private Map<String, Object> get(String path) {
    return http.toBlocking().retrieve(HttpRequest.GET(path).bearerAuth(TOKEN), JSON);
  }

  private <T> T await(String what, java.util.function.Supplier<T> read, Predicate<T> until)
      throws InterruptedException {
    Instant deadline = Instant.now().plus(PATIENCE);
    T seen = read.get();
    while (!until.test(seen)) {
      assertTrue(
          Instant.now().isBefore(deadline), "timed out waiting for " + what + "; last " + seen);
      Thread.sleep(200);
      seen = read.get();
    }
    return seen;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> item(String name) {
    List<Map<String, Object>> items =
        (List<Map<String, Object>>) get("/api/v1/replicated-items").get("items");
    return items.stream().filter(i -> name.equals(i.get("name"))).findFirst().orElseThrow();
  }

  private PrometheusScrape scrape() {
    return PrometheusScrape.parse(
        http.toBlocking().retrieve(HttpRequest.GET("/prometheus"), String.class));
  }

  private static long rpo(Map<String, Object> item) {
    return ((Number) item.get("rpoSeconds")).longValue();
  }

  @Test
  void
      givenAMachineProtectedThroughThePlan_whenItFallsBehind_itsRpoShouldPassFifteenMinutesInTheApiAndTheMetrics()
          throws Exception {
    Map<String, Object> before = item(VM);
    assertNull(before.get("rpoSeconds"), "not protected yet: no reading " + before);
    assertNull(before.get("replicationHealth"));
    assertNull(before.get("lastCheckedAt"));

    post(
        "/api/v1/recovery-plans/" + PLAN + "/reprotect",
        Map.of(
            "machines",
            List.of(
                Map.of(
                    "replicatedItem",
                    VM,
                    "masterTarget",
                    "mt-win-01",
                    "processServer",
                    "ps-azure-01",
                    "datastore",
                    "vmfs-01",
                    "retentionDrive",
                    "R:"))));
    Map<String, Object> plan =
        await(
            "the plan to end",
            () -> get("/api/v1/recovery-plans/" + PLAN + "/reprotection"),
            s -> List.of("PROTECTED", "FAILED", "CANCELLED").contains(s.get("state")));
    assertEquals("PROTECTED", plan.get("state"), plan.toString());

    // Once protected, the watch's next check reads it: steady first (30 s RPO), in policy.
    Map<String, Object> watched =
        await("a reading of " + VM, () -> item(VM), i -> i.get("rpoSeconds") != null);
    assertEquals("PROTECTED", watched.get("protectionState"));
    assertTrue(
        List.of("NORMAL", "WARNING").contains(watched.get("replicationHealth")),
        watched.toString());
    assertNotNull(Instant.parse((String) watched.get("lastCheckedAt")));
    assertNotNull(Instant.parse((String) watched.get("lastRecoveryPoint")));
    assertEquals("reprotect-" + VM, watched.get("reprotection"));
    assertNull(item("vm-web-01").get("rpoSeconds"), "a machine never reprotected is not watched");

    // 30 site minutes after protection its recovery points stop: past 15 minutes, out of policy.
    Map<String, Object> behind = await(VM + " past 15 minutes", () -> item(VM), i -> rpo(i) > 900);
    assertEquals("WARNING", behind.get("replicationHealth"), behind.toString());
    assertTrue(
        ((List<?>) behind.get("healthErrors")).toString().contains("15-minute threshold"),
        behind.toString());
    Map<String, Object> planNow = get("/api/v1/recovery-plans/" + PLAN + "/reprotection");
    assertEquals(1, ((Number) planNow.get("outOfPolicy")).intValue(), planNow.toString());

    Map<String, String> series = Map.of("vm", VM, "plan", PLAN);
    PrometheusScrape scrape =
        await(
            "reprotect_rpo_seconds of " + VM + " past 900",
            this::scrape,
            s -> s.sum("reprotect_rpo_seconds", series) > 900);
    assertEquals(1.0, scrape.sum("reprotect_replication_health", series), "1 = WARNING");
    double lastCheck = scrape.sum("reprotect_watch_last_check_timestamp_seconds", Map.of());
    assertTrue(Instant.now().getEpochSecond() - lastCheck < 30, "the watch checked " + lastCheck);
  }
}
