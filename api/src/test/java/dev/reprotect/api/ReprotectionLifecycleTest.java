package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.api.support.Await;
import dev.reprotect.api.support.FakeSite;
import dev.reprotect.api.support.Http;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.WorkflowReplayer;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One VM's reprotection over HTTP, in order: start, refuse a second start, watch it synchronize,
 * list it, let it finish, read and replay its history, redo it and cancel it.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReprotectionLifecycleTest extends OverHttp {

  static final String VM = "vm-web-01";
  static final String ID = "reprotect-" + VM;
  static final String LOCATION = "/api/v1/reprotections/" + ID;

  JsonNode status(String id) {
    Http.Answer answer = http().get("/api/v1/reprotections/" + id);
    assertEquals(200, answer.status(), answer.body());
    return answer.json();
  }

  @Test
  @Order(1)
  void givenAValidRequest_whenStarting_itShouldAnswer202WithLocationAndStatus() {
    FakeSite.hold(VM);
    Http.Answer answer =
        http().post("/api/v1/reprotections", Http.body(VM, "mt-win-01", "vmfs-01", null));
    assertEquals(202, answer.status(), answer.body());
    assertEquals(LOCATION, answer.location());
    JsonNode body = answer.json();
    assertEquals(ID, body.get("id").asText());
    assertEquals(VM, body.get("replicatedItem").asText());
    assertTrue(body.get("state").isTextual());
    assertEquals(7, body.get("steps").size());
    assertTrue(body.has("error") && body.get("error").isNull(), body.toString());
    assertTrue(body.has("plan") && body.get("plan").isNull(), body.toString());
    assertTrue(body.has("endedAt") && body.get("endedAt").isNull(), body.toString());
    assertTrue(body.get("steps").get(6).has("endedAt"), body.toString());
    Instant.parse(body.get("startedAt").asText());
  }

  @Test
  @Order(2)
  void givenARunningReprotection_whenStartingAgain_itShouldAnswer409WithItsLocation() {
    Http.Answer answer =
        http().post("/api/v1/reprotections", Http.body(VM, "mt-win-01", "vmfs-01", null));
    JsonNode problem = answer.problem(409);
    assertEquals(LOCATION, answer.location());
    assertEquals("https://reprotect.dev/problems/already-running", problem.get("type").asText());
  }

  @Test
  @Order(3)
  void givenASynchronizingReprotection_whenReadingStatus_itShouldShowLiveProgress() {
    JsonNode status =
        Await.until(
            () -> status(ID),
            s ->
                "SYNCHRONIZING".equals(s.get("state").asText())
                    && s.get("progressPercent").asInt() > 40,
            Duration.ofSeconds(20),
            "live synchronization progress");
    JsonNode sync = status.get("steps").get(6);
    assertEquals("SYNCHRONIZE", sync.get("name").asText());
    assertEquals("RUNNING", sync.get("state").asText());
    assertEquals(1, sync.get("attempts").asInt());
    assertTrue(sync.get("detail").asText().startsWith("synchronizing: "), sync.toString());
    // FakeSite sends 100,000 bytes in all: read as people read them, not raw.
    assertTrue(
        sync.get("detail")
            .asText()
            .matches("synchronizing: \\d+% \\(\\d+(\\.\\d)? (B|KiB) of 98 KiB\\)"),
        sync.toString());
    JsonNode first = status.get("steps").get(0);
    assertEquals("VALIDATE", first.get("name").asText());
    assertEquals("COMPLETED", first.get("state").asText());
    Instant.parse(first.get("endedAt").asText());
  }

  @Test
  @Order(4)
  void givenAReprotection_whenListingReplicatedItems_itShouldNameIt() {
    Http.Answer answer = http().get("/api/v1/replicated-items");
    assertEquals(200, answer.status(), answer.body());
    boolean seen = false;
    for (JsonNode item : answer.json().get("items")) {
      if (item.get("name").asText().equals(VM)) {
        assertEquals(ID, item.get("reprotection").asText());
        seen = true;
      } else {
        assertTrue(item.get("reprotection").isNull(), item.toString());
      }
    }
    assertTrue(seen);
  }

  @Test
  @Order(5)
  void givenARunningReprotection_whenListingByState_itShouldFilterAndPage() {
    JsonNode running = http().get("/api/v1/reprotections?state=SYNCHRONIZING").json();
    assertEquals(1, running.get("total").asInt(), running.toString());
    assertEquals(ID, running.get("items").get(0).get("id").asText());
    JsonNode none = http().get("/api/v1/reprotections?state=PROTECTED").json();
    assertEquals(0, none.get("total").asInt());
    assertEquals(0, none.get("items").size());
    JsonNode byPlan = http().get("/api/v1/reprotections?plan=rp-none").json();
    assertEquals(0, byPlan.get("total").asInt());
    JsonNode page = http().get("/api/v1/reprotections?page=1&size=1").json();
    assertEquals(1, page.get("page").asInt());
    assertEquals(1, page.get("size").asInt());
    assertEquals(1, page.get("total").asInt());
    assertEquals(0, page.get("items").size());
    assertEquals(400, http().get("/api/v1/reprotections?size=101").status());
    assertEquals(400, http().get("/api/v1/reprotections?state=SLEEPING").status());
  }

  @Test
  @Order(6)
  void givenARunningReprotection_whenItFinishes_itShouldBeProtectedAndListedSo() {
    FakeSite.release(VM);
    JsonNode status =
        Await.until(
            () -> status(ID),
            s -> "PROTECTED".equals(s.get("state").asText()),
            Duration.ofSeconds(20),
            "PROTECTED");
    assertEquals(100, status.get("progressPercent").asInt());
    Instant.parse(status.get("endedAt").asText());
    JsonNode protectedOnes = http().get("/api/v1/reprotections?state=PROTECTED").json();
    assertEquals(1, protectedOnes.get("total").asInt());
    assertEquals(ID, protectedOnes.get("items").get(0).get("id").asText());
  }

  @Test
  @Order(7)
  void givenAFinishedReprotection_whenReadingHistory_itShouldBeReplayable() throws Exception {
    Http.Answer answer = http().get(LOCATION + "/history");
    assertEquals(200, answer.status());
    assertTrue(answer.contentType().startsWith("application/json"), answer.contentType());
    WorkflowReplayer.replayWorkflowExecution(
        WorkflowExecutionHistory.fromJson(answer.body()), ReprotectWorkflowImpl.class);
  }

  @Test
  @Order(8)
  void givenAFinishedReprotection_whenCancelling_itShouldAnswer409() {
    Http.Answer answer = http().post(LOCATION + "/cancel", "");
    assertEquals(409, answer.status(), answer.body());
    assertEquals("https://reprotect.dev/problems/not-running", answer.json().get("type").asText());
  }

  @Test
  @Order(9)
  void givenAFinishedReprotection_whenRedoneAndCancelled_itShouldEndCancelled() {
    FakeSite.hold(VM);
    Http.Answer started =
        http().post("/api/v1/reprotections", Http.body(VM, "mt-win-01", "vmfs-01", null));
    assertEquals(202, started.status(), started.body());
    Await.until(
        () -> status(ID),
        s -> "SYNCHRONIZING".equals(s.get("state").asText()),
        Duration.ofSeconds(20),
        "SYNCHRONIZING again");
    Http.Answer cancelled = http().post(LOCATION + "/cancel", "");
    assertEquals(202, cancelled.status(), cancelled.body());
    JsonNode status =
        Await.until(
            () -> status(ID),
            s -> "CANCELLED".equals(s.get("state").asText()),
            Duration.ofSeconds(20),
            "CANCELLED");
    assertFalse(status.get("endedAt").isNull());
    JsonNode all = http().get("/api/v1/reprotections").json();
    assertEquals(1, all.get("total").asInt(), "one entry per workflow id: " + all);
    assertEquals("CANCELLED", all.get("items").get(0).get("state").asText());
  }

  @Test
  @Order(10)
  void givenAnUnknownId_whenReadingCancellingOrHistory_itShouldAnswer404() {
    Http.Answer status = http().get("/api/v1/reprotections/reprotect-vm-nowhere");
    assertEquals(404, status.status());
    assertEquals("application/problem+json", status.contentType());
    assertEquals("https://reprotect.dev/problems/not-found", status.json().get("type").asText());
    assertEquals(
        404, http().post("/api/v1/reprotections/reprotect-vm-nowhere/cancel", "").status());
    assertEquals(404, http().get("/api/v1/reprotections/reprotect-vm-nowhere/history").status());
  }
}
