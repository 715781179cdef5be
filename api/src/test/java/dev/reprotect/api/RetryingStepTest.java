package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.api.support.Await;
import dev.reprotect.api.support.FakeSite;
import dev.reprotect.api.support.Http;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A step retrying a transient fault shows its attempt and last failure, read without history. */
@MicronautTest
class RetryingStepTest {

  @Inject
  @Client("/")
  HttpClient client;

  @Test
  void givenAStepRetryingATransientFault_whenReadingStatus_itShouldShowAttemptsAndLastFailure() {
    Http http = new Http(client);
    FakeSite.release("vm-app-01");
    Http.Answer started =
        http.post("/api/v1/reprotections", Http.body("vm-app-01", "mt-lin-01", "vmfs-01", null));
    assertEquals(202, started.status(), started.body());

    JsonNode retrying =
        Await.until(
            () -> http.get("/api/v1/reprotections/reprotect-vm-app-01").json(),
            s -> s.get("steps").get(4).get("attempts").asInt() >= 2,
            Duration.ofSeconds(20),
            "ATTACH_DISKS retrying");
    JsonNode attach = retrying.get("steps").get(4);
    assertEquals("ATTACHING_DISKS", retrying.get("state").asText());
    assertEquals("ATTACH_DISKS", attach.get("name").asText());
    assertEquals("RUNNING", attach.get("state").asText());
    assertTrue(attach.get("detail").asText().contains("VCENTER_DISCONNECTED"), attach.toString());

    JsonNode done =
        Await.until(
            () -> http.get("/api/v1/reprotections/reprotect-vm-app-01").json(),
            s -> "PROTECTED".equals(s.get("state").asText()),
            Duration.ofSeconds(30),
            "PROTECTED");
    assertEquals(3, done.get("steps").get(4).get("attempts").asInt(), done.toString());
  }
}
