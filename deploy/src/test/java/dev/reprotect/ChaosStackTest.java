package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.worker.chaos.FaultPlan;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault injection enabled by configuration in the runnable app: faults before and after the
 * effect of the vCenter and Azure steps; the VM still ends protected, each step's attempts show
 * the retries, and the site saw every action once.
 */
@MicronautTest
@Property(name = "reprotect.temporal.target", value = "localhost:${random.port}")
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "reprotect.api.token", value = ChaosStackTest.TOKEN)
@Property(name = "reprotect.site.simulated.time-scale", value = "0.002")
@Property(name = "reprotect.site.agent-poll-interval", value = "100ms")
@Property(name = "reprotect.site.sync-poll-interval", value = "100ms")
@Property(name = "reprotect.chaos.enabled", value = "true")
@Property(name = "reprotect.chaos.faults",
    value = "PowerOff|AttachDisks|StartReplication when=AFTER count=3 item=vm-web-01,Validate|MergeSnapshots count=2 item=vm-web-01")
@Timeout(120)
class ChaosStackTest {

  static final String TOKEN = "chaos-stack-test-token";
  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

  @Inject
  @Client("/")
  HttpClient http;

  @Inject
  FaultPlan faults;

  @Inject
  SimulatedSite site;

  @Test
  @SuppressWarnings("unchecked")
  void givenFaultsConfigured_whenAVmIsReprotected_itIsProtectedWithRetriesAndEachActionOnce() throws Exception {
    http.toBlocking().exchange(HttpRequest.POST("/api/v1/reprotections", Map.of("replicatedItem", "vm-web-01",
        "masterTarget", "mt-win-01", "processServer", "ps-azure-01", "datastore", "vmfs-01", "retentionDrive", "R:"))
        .bearerAuth(TOKEN), JSON);
    Instant deadline = Instant.now().plus(Duration.ofSeconds(100));
    Map<String, Object> status;
    do {
      Thread.sleep(100);
      status = http.toBlocking().retrieve(HttpRequest.GET("/api/v1/reprotections/reprotect-vm-web-01").bearerAuth(TOKEN), JSON);
      assertTrue(Instant.now().isBefore(deadline), "timed out; last " + status);
    } while (!List.of("PROTECTED", "FAILED", "CANCELLED").contains(status.get("state")));

    assertEquals("PROTECTED", status.get("state"), status.toString());
    assertEquals(5, faults.injected(), faults::toString);
    SideEffects effects = site.sideEffects("vm-web-01");
    assertEquals(new SideEffects(1, 1, 1, 0, 1, 0, 0), effects);
    int retried = 0;
    for (Map<String, Object> step : (List<Map<String, Object>>) status.get("steps")) {
      retried += ((Number) step.get("attempts")).intValue() > 1 ? 1 : 0;
    }
    assertTrue(retried >= 2, "steps with more than one attempt: " + status.get("steps"));
  }
}
