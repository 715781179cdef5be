package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.api.support.Http;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import org.junit.jupiter.api.Test;

/** What the Reprotect dialog offers, read through the inventory workflows. */
@MicronautTest
class InventoryTest extends OverHttp {

  @Test
  void givenTheSite_whenListingReplicatedItems_itShouldAnswerEveryItemWithoutReprotection() {
    Http.Answer answer = http().get("/api/v1/replicated-items");
    assertEquals(200, answer.status(), answer.body());
    JsonNode items = answer.json().get("items");
    assertEquals(3, items.size());
    JsonNode app = items.get(0);
    assertEquals("vm-app-01", app.get("name").asText());
    assertEquals("LINUX", app.get("osType").asText());
    assertEquals("FAILED_OVER", app.get("protectionState").asText());
    assertTrue(app.has("replicationGroup"));
    assertTrue(app.get("reprotection").isNull());
    assertEquals("rp-web", items.get(2).get("recoveryPlan").asText());
  }

  @Test
  void givenAnItem_whenReadingOptions_itShouldMarkEachChoice() {
    Http.Answer answer =
        http().get("/api/v1/replicated-items/vm-app-01/reprotect-options?masterTarget=mt-lin-01");
    assertEquals(200, answer.status(), answer.body());
    JsonNode options = answer.json();
    JsonNode windowsMt = options.get("masterTargets").get(0);
    assertEquals("mt-win-01", windowsMt.get("name").asText());
    assertFalse(windowsMt.get("eligible").asBoolean());
    assertEquals("MT_OS_MISMATCH", windowsMt.get("rules").get(0).asText());
    assertTrue(options.get("processServers").get(0).get("eligible").asBoolean());
    assertEquals(
        "DATASTORE_NFS_UNSUPPORTED", options.get("datastores").get(1).get("rules").get(0).asText());
    assertEquals("R:", options.get("retentionDrives").get(0).get("name").asText());
  }

  @Test
  void givenAnUnknownItem_whenReadingOptions_itShouldAnswer404ReplicaNotFound() {
    Http.Answer answer = http().get("/api/v1/replicated-items/vm-gone-01/reprotect-options");
    assertEquals(404, answer.status(), answer.body());
    assertEquals("application/problem+json", answer.contentType());
    assertEquals("REPLICA_NOT_FOUND", answer.json().get("rule").asText());
    assertEquals(
        "https://reprotect.dev/rules/REPLICA_NOT_FOUND", answer.json().get("type").asText());
  }
}
