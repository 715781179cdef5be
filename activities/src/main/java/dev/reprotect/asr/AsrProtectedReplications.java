package dev.reprotect.asr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.site.AzureSide.ProtectedReplication;
import dev.reprotect.watch.ReplicationHealth;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The protection watch's reading of Site Recovery: from the vault's list of replication protected
 * items, those reprotected back to VMware (providerSpecificDetails of instanceType InMage) and
 * Protected, each with what the service gives: {@code rpoInSeconds} and {@code
 * lastRpoCalculatedTime} (InMageReplicationDetails), {@code replicationHealth} and {@code
 * healthErrors} (the item's properties). The latest recovery point is the RPO's age taken back from
 * the moment the service computed it.
 */
final class AsrProtectedReplications {

  private AsrProtectedReplications() {}

  /**
   * @param items the list of replicationProtectedItems, as Site Recovery gives it
   * @param plans protected item id (lower case) to recovery plan name
   */
  static List<ProtectedReplication> read(List<JsonNode> items, Map<String, String> plans) {
    List<ProtectedReplication> out = new ArrayList<>();
    for (JsonNode item : items) {
      JsonNode p = item.path("properties");
      JsonNode d = p.path("providerSpecificDetails");
      if (!"InMage".equals(AsrError.text(d, "instanceType"))
          || !"Protected".equals(AsrError.text(p, "protectionState"))) {
        continue; // not protected back on-premises: failed back, unprotected, or reprotecting
      }
      long rpo = d.path("rpoInSeconds").asLong(0);
      List<String> errors = new ArrayList<>();
      for (JsonNode error : p.path("healthErrors")) {
        errors.add(AsrError.fromHealthError(error).describe());
      }
      ReplicationHealth health = ReplicationHealth.parse(AsrError.text(p, "replicationHealth"));
      Instant computed = instant(AsrError.text(d, "lastRpoCalculatedTime"));
      out.add(
          new ProtectedReplication(
              item.path("name").asText(),
              plans.get(item.path("id").asText().toLowerCase(Locale.ROOT)),
              rpo,
              health == null ? ReplicationHealth.WARNING : health,
              List.copyOf(errors),
              computed == null || !d.hasNonNull("rpoInSeconds")
                  ? null
                  : computed.minusSeconds(rpo)));
    }
    return out;
  }

  private static Instant instant(String timestamp) {
    if (timestamp == null || timestamp.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(timestamp).toInstant();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
