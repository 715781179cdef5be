package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.api.reprotect.ReprotectionController;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.worker.ReprotectWorker;
import dev.reprotect.worker.server.EmbeddedTemporalServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.BlockingHttpClient;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.Closeable;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The same artifact as worker only and as API only, against a Temporal server that is neither of
 * them (Temporal's in-memory server standing in for a real cluster): the API starts a reprotection,
 * the worker process runs it.
 */
@Timeout(120)
class RolesTest {

  static final Argument<Map<String, Object>> JSON = Argument.mapOf(String.class, Object.class);

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void givenAWorkerProcessAndAnApiProcess_whenStartingThroughTheApi_itShouldBeRunByTheWorker()
      throws Exception {
    int port = freePort();
    Map<String, Object> cluster =
        Map.of(
            "reprotect.temporal.target", "localhost:" + port,
            "reprotect.api.token", "roles-test-token",
            "reprotect.site.simulated.time-scale", "0.002",
            "reprotect.site.agent-poll-interval", "100ms",
            "reprotect.site.sync-poll-interval", "100ms");
    try (Closeable temporal = DevServers.start(port);
        ApplicationContext worker = ApplicationContext.run(cluster, "worker");
        EmbeddedServer api =
            ApplicationContext.run(EmbeddedServer.class, withRandomHttpPort(cluster), "api");
        HttpClient http = HttpClient.create(api.getURL())) {

      assertTrue(worker.containsBean(ReprotectWorker.class));
      assertFalse(worker.containsBean(EmbeddedTemporalServer.class));
      assertFalse(worker.containsBean(ReprotectionController.class));
      assertFalse(api.getApplicationContext().containsBean(ReprotectWorker.class));
      assertFalse(api.getApplicationContext().containsBean(EmbeddedTemporalServer.class));

      BlockingHttpClient client = http.toBlocking();
      var started =
          client.exchange(
              HttpRequest.POST("/api/v1/reprotections", ApiCalls.sampleMachine("vm-web-01"))
                  .bearerAuth("roles-test-token"),
              JSON);
      assertEquals(HttpStatus.ACCEPTED, started.getStatus());

      Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
      Map<String, Object> status;
      do {
        Thread.sleep(100);
        status =
            client.retrieve(
                HttpRequest.GET("/api/v1/reprotections/reprotect-vm-web-01")
                    .bearerAuth("roles-test-token"),
                JSON);
      } while (!"PROTECTED".equals(status.get("state")) && Instant.now().isBefore(deadline));
      assertEquals("PROTECTED", status.get("state"), status.toString());
      // The worker process's site did the work: the API process never reaches a site.
      assertEquals(1, worker.getBean(SimulatedSite.class).sideEffects("vm-web-01").powerOffs());
    }
  }

  private static Map<String, Object> withRandomHttpPort(Map<String, Object> properties) {
    var copy = new java.util.HashMap<>(properties);
    copy.put("micronaut.server.port", "-1");
    return copy;
  }
}
