package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.api.support.Await;
import dev.reprotect.api.support.FakeSite;
import dev.reprotect.api.support.Http;
import dev.reprotect.api.support.TemporalTestFactory;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotsLedger;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The endpoints beyond the contract that the dashboard and the CLI read: the list of recovery-plan
 * reprotections and the master targets' disk slots. The master targets are read first, before any
 * reprotection has created their slots workflows.
 */
@MicronautTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardEndpointsTest extends OverHttp {

  static final String WEB = "vm-web-01";
  static final String APP = "vm-app-01";

  @Inject WorkflowClient temporal;

  @AfterAll
  static void holdAgain() {
    FakeSite.hold(WEB);
    FakeSite.hold(APP);
  }

  @Test
  @Order(3)
  void givenNoPlanYet_whenListed_itShouldAnswerAnEmptyPage() {
    Http.Answer answer = http().get("/api/v1/recovery-plans");

    assertEquals(200, answer.status(), answer.body());
    JsonNode page = answer.json();
    assertEquals(0, page.get("items").size());
    assertEquals(0, page.get("page").asInt());
    assertEquals(20, page.get("size").asInt());
    assertEquals(0, page.get("total").asInt());
  }

  @Test
  @Order(4)
  void givenTwoPlans_whenListed_itShouldShowEachAsItsStatusNewestFirstFilteredAndPaged() {
    assertEquals(
        202,
        http()
            .post(
                "/api/v1/recovery-plans/rp-first/reprotect",
                Http.planBody(Http.body(WEB, "mt-win-01", "vmfs-01", null)))
            .status());
    // Each plan's machine synchronizes until released; rp-second is started after rp-first.
    Await.until(
        () -> http().get("/api/v1/recovery-plans/rp-first/reprotection").json(),
        s -> "RUNNING".equals(s.get("state").asText()),
        Duration.ofSeconds(30),
        "rp-first running");
    assertEquals(
        202,
        http()
            .post(
                "/api/v1/recovery-plans/rp-second/reprotect",
                Http.planBody(Http.body(APP, "mt-lin-01", "vmfs-01", null)))
            .status());

    JsonNode page =
        Await.until(
            () -> http().get("/api/v1/recovery-plans").json(),
            p -> p.get("total").asInt() == 2,
            Duration.ofSeconds(30),
            "two plans listed");
    assertEquals(
        List.of("rp-second", "rp-first"),
        List.of(
            page.get("items").get(0).get("plan").asText(),
            page.get("items").get(1).get("plan").asText()));
    JsonNode first = page.get("items").get(1);
    JsonNode single = http().get("/api/v1/recovery-plans/rp-first/reprotection").json();
    assertEquals(single.get("id"), first.get("id"));
    assertEquals(
        single.get("machines").get(0).get("replicatedItem"),
        first.get("machines").get(0).get("replicatedItem"));
    assertTrue(
        first.has("counts") && first.has("progressPercent") && first.has("groups"),
        first.toString());

    JsonNode paged = http().get("/api/v1/recovery-plans?page=1&size=1").json();
    assertEquals(2, paged.get("total").asInt());
    assertEquals(1, paged.get("items").size());
    assertEquals("rp-first", paged.get("items").get(0).get("plan").asText());

    JsonNode running = http().get("/api/v1/recovery-plans?state=RUNNING").json();
    assertTrue(running.get("total").asInt() >= 1, running.toString());
    running.get("items").forEach(p -> assertEquals("RUNNING", p.get("state").asText()));
    JsonNode cancelled = http().get("/api/v1/recovery-plans?state=CANCELLED").json();
    assertEquals(0, cancelled.get("total").asInt(), cancelled.toString());

    FakeSite.release(WEB);
    FakeSite.release(APP);
    Await.until(
        () -> http().get("/api/v1/recovery-plans?state=PROTECTED").json(),
        p -> p.get("items").findValuesAsText("plan").contains("rp-first"),
        Duration.ofSeconds(30),
        "rp-first listed as PROTECTED");
  }

  @Test
  @Order(5)
  void givenABadStateOrPage_whenListingPlans_itShouldAnswer400NamingTheField() {
    Http.Answer state = http().get("/api/v1/recovery-plans?state=DONE");
    assertEquals(400, state.status());
    assertEquals("application/problem+json", state.contentType());
    assertEquals("state", state.json().get("violations").get(0).get("field").asText());

    Http.Answer size = http().get("/api/v1/recovery-plans?size=1000");
    assertEquals(400, size.status());
  }

  @Test
  @Order(1)
  void givenNoSlotsWorkflow_theMasterTargetsShowTheSitesAttachedDisksAsHeld() {
    JsonNode items = http().get("/api/v1/master-targets").json().get("items");

    JsonNode linux = byName(items, "mt-lin-01");
    assertEquals("LINUX", linux.get("osType").asText());
    assertEquals(60, linux.get("capacity").asInt());
    assertEquals(3, linux.get("held").asInt());
    assertEquals(0, linux.get("reserved").asInt());
    assertEquals(57, linux.get("free").asInt());
  }

  @Test
  @Order(2)
  void givenASlotsWorkflow_theMasterTargetShowsItsHeldReservedAndFreeSlots() {
    // A ledger with one reprotection in flight (4 disks reserved) and 8 disks that stay attached.
    MasterTargetSlotsWorkflow slots =
        temporal.newWorkflowStub(
            MasterTargetSlotsWorkflow.class,
            WorkflowOptions.newBuilder()
                .setWorkflowId(MasterTargetSlotsWorkflow.workflowIdFor("mt-win-01"))
                .setTaskQueue(TemporalTestFactory.TASK_QUEUE)
                .build());
    try {
      WorkflowClient.start(
          slots::run,
          new SlotsLedger(
              "mt-win-01",
              SlotsLedger.MASTER_TARGET_DISK_LIMIT,
              0,
              Map.of("vm-in-flight", 4),
              Map.of("vm-protected", 8),
              List.of()));
    } catch (io.temporal.client.WorkflowExecutionAlreadyStarted started) {
      throw new AssertionError(
          "mt-win-01's slots workflow exists already: this test expects to create it", started);
    }

    JsonNode windows =
        Await.until(
            () -> byName(http().get("/api/v1/master-targets").json().get("items"), "mt-win-01"),
            mt -> mt.get("reserved").asInt() == 4,
            Duration.ofSeconds(30),
            "mt-win-01 read from its slots workflow");
    assertEquals("WINDOWS", windows.get("osType").asText());
    assertEquals(60, windows.get("capacity").asInt());
    assertEquals(8, windows.get("held").asInt());
    assertEquals(48, windows.get("free").asInt());
  }

  @Test
  @Order(6)
  void givenNoToken_theNewEndpointsAnswer401() {
    assertEquals(401, http().send(HttpRequest.GET("/api/v1/recovery-plans")).status());
    assertEquals(401, http().send(HttpRequest.GET("/api/v1/master-targets")).status());
  }

  private static JsonNode byName(JsonNode items, String name) {
    for (JsonNode item : items) {
      if (name.equals(item.get("name").asText())) {
        return item;
      }
    }
    throw new AssertionError(name + " not in " + items);
  }
}
