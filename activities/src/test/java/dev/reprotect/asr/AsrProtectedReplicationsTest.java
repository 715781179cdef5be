package dev.reprotect.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.reprotect.site.AzureSide.ProtectedReplication;
import dev.reprotect.watch.ReplicationHealth;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The protection watch's reading of Site Recovery's replicated items: only those reprotected
 * (InMage) and Protected, with rpoInSeconds, replicationHealth and healthErrors as the service
 * gives them (field names of InMageReplicationDetails and ReplicationProtectedItemProperties).
 */
class AsrProtectedReplicationsTest {

  static final String ID =
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.RecoveryServices/vaults/v"
          + "/replicationFabrics/f/replicationProtectionContainers/c/replicationProtectedItems/";

  static JsonNode item(
      String name, String instanceType, String state, String health, String details)
      throws Exception {
    return new ObjectMapper()
        .readTree(
            """
        { "id": "%s%s", "name": "%s", "properties": { "protectionState": "%s", "replicationHealth": "%s",
          "healthErrors": %s,
          "providerSpecificDetails": { "instanceType": "%s" %s } } }
        """
                .formatted(
                    ID,
                    name,
                    name,
                    state,
                    health,
                    "Critical".equals(health)
                        ? """
            [ { "errorCode": "78186", "errorMessage": "Protected item health changed to Critical.",
                "possibleCauses": "The data change rate is higher than the process server can upload.",
                "recommendedAction": "Add a process server." } ]"""
                        : "[]",
                    instanceType,
                    details));
  }

  @Test
  void givenTheVaultsItems_whenRead_onlyReprotectedProtectedItemsAreWatchedWithWhatTheServiceSays()
      throws Exception {
    List<JsonNode> items =
        List.of(
            item(
                "vm-web-01",
                "InMage",
                "Protected",
                "Normal",
                ", \"rpoInSeconds\": 42, \"lastRpoCalculatedTime\": \"2026-12-03T10:00:00+00:00\""),
            item(
                "vm-db-01",
                "InMage",
                "Protected",
                "Critical",
                ", \"rpoInSeconds\": 1800, \"lastRpoCalculatedTime\": \"2026-12-03T10:00:00Z\""),
            item(
                "vm-app-01",
                "InMageAzureV2",
                "FailedOver",
                "Normal",
                ""), // failed over, not reprotected
            item(
                "vm-app-02",
                "InMage",
                "ReprotectionInProgress",
                "Normal",
                ""), // still synchronizing
            item("vm-old-01", "InMage", "Protected", "Warning", "")); // no RPO computed yet

    List<ProtectedReplication> read =
        AsrProtectedReplications.read(items, Map.of((ID + "vm-db-01").toLowerCase(), "rp-db"));

    assertEquals(
        List.of("vm-web-01", "vm-db-01", "vm-old-01"),
        read.stream().map(ProtectedReplication::replicatedItem).toList());
    ProtectedReplication web = read.get(0);
    assertEquals(42, web.rpoSeconds());
    assertEquals(ReplicationHealth.NORMAL, web.health());
    assertEquals(List.of(), web.healthErrors());
    assertEquals(Instant.parse("2026-12-03T09:59:18Z"), web.lastRecoveryPoint());
    assertNull(web.recoveryPlan());
    ProtectedReplication db = read.get(1);
    assertEquals("rp-db", db.recoveryPlan());
    assertEquals(ReplicationHealth.CRITICAL, db.health());
    assertEquals(1800, db.rpoSeconds());
    assertTrue(
        db.healthErrors().get(0).contains("78186")
            && db.healthErrors().get(0).contains("data change rate"),
        db.healthErrors().toString());
    ProtectedReplication old = read.get(2);
    assertEquals(ReplicationHealth.WARNING, old.health());
    assertNull(old.lastRecoveryPoint(), "no RPO computed: no recovery point known");
  }
}
