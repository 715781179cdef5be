package dev.reprotect.asr;

import static dev.reprotect.asr.ArmJson.enc;
import static dev.reprotect.asr.ArmJson.find;
import static dev.reprotect.asr.ArmJson.instant;
import static dev.reprotect.asr.ArmJson.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.asr.ArmClient.Response;
import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.rules.Rule;
import dev.reprotect.site.SiteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The vault's resources as {@link AsrAzureSide} reads them: the replicated items of the classic
 * stack, the configuration server's fabric, the failback policy and list resources, each read
 * through {@link ArmClient} with a refused read mapped by {@link AsrErrors}.
 */
final class AsrVault {

  /** The fabric type of a classic configuration server (VMwareDetails). */
  static final String CLASSIC_FABRIC = "VMware";

  /**
   * Items before reprotect (InMageAzureV2ReplicationDetails) and after (InMageReplicationDetails).
   */
  static final String FORWARD_ITEM = "InMageAzureV2";

  static final String FAILBACK_ITEM = "InMage";

  /** The failback policy's type (InMagePolicyDetails); a forward policy is InMageAzureV2. */
  static final String FAILBACK_POLICY = "InMage";

  /** The modernized stack's fabric and item types (InMageRcmFabricSpecificDetails, ...). */
  static final Set<String> MODERNIZED_TYPES = Set.of("InMageRcm", "InMageRcmFailback");

  private final AsrSettings settings;
  private final ArmClient arm;
  private final Clock clock;

  AsrVault(AsrSettings settings, ArmClient arm, Clock clock) {
    this.settings = settings;
    this.arm = arm;
    this.clock = clock;
  }

  AsrSettings settings() {
    return settings;
  }

  /**
   * Whether the item was reprotected already: its details are InMage (failback), not InMageAzureV2.
   */
  static boolean reprotected(JsonNode details) {
    return FAILBACK_ITEM.equals(text(details, "instanceType"));
  }

  String itemPath(String item) {
    return settings.containerPath() + "/replicationProtectedItems/" + enc(item);
  }

  Optional<JsonNode> protectedItem(String item) {
    Response r = arm.get(itemPath(item));
    if (r.status() == 404) {
      return Optional.empty();
    }
    if (!r.ok() || r.body() == null) {
      throw failure("read replicated item " + item, r);
    }
    return Optional.of(requireClassicItem(r.body()));
  }

  /** The container's items, each of the classic stack. */
  List<JsonNode> protectedItems() {
    List<JsonNode> items =
        list(settings.containerPath() + "/replicationProtectedItems", "list the replicated items");
    items.forEach(AsrVault::requireClassicItem);
    return items;
  }

  private static JsonNode requireClassicItem(JsonNode item) {
    String type = text(item.path("properties").path("providerSpecificDetails"), "instanceType");
    if (type != null && MODERNIZED_TYPES.contains(type)) {
      throw AsrErrors.modernizedStack(
          "replicated item " + item.path("name").asText() + " is " + type);
    }
    return item;
  }

  JsonNode requireItem(String item) {
    return protectedItem(item)
        .orElseThrow(
            () ->
                new SiteException(
                    Rule.REPLICA_NOT_FOUND,
                    "no replicated item " + item + " in " + settings.containerPath()));
  }

  /**
   * The fabric's VMwareDetails (the configuration server, process servers, master targets); a
   * fabric of the modernized stack, or of no VMware configuration server, is refused.
   */
  JsonNode fabricDetails() {
    Response r = arm.get(settings.fabricPath());
    if (!r.ok() || r.body() == null) {
      throw failure("read fabric " + settings.fabric(), r);
    }
    JsonNode details = r.body().path("properties").path("customDetails");
    String type = text(details, "instanceType");
    if (type != null && MODERNIZED_TYPES.contains(type)) {
      throw AsrErrors.modernizedStack("fabric " + settings.fabric() + " is " + type);
    }
    if (type != null && !CLASSIC_FABRIC.equals(type)) {
      throw AsrErrors.notVmwareFabric(settings.fabric(), type);
    }
    return details;
  }

  /**
   * The fabric's details when its configuration server reports; CONFIG_SERVER_UNREACHABLE
   * otherwise.
   */
  JsonNode requireConfigServer() {
    JsonNode details = fabricDetails();
    String heartbeat = text(details, "lastHeartbeat");
    if (!fresh(heartbeat)) {
      throw new SiteException(
          Rule.CONFIG_SERVER_UNREACHABLE,
          "the configuration server of fabric "
              + settings.fabric()
              + " last reported to Site Recovery at "
              + heartbeat
              + " (more than "
              + settings.heartbeatStaleAfter().toMinutes()
              + " min ago)");
    }
    return details;
  }

  String failbackPolicyId(FailbackPolicy wanted) {
    Response r =
        arm.get(settings.vaultPath() + "/replicationPolicies/" + enc(settings.failbackPolicy()));
    if (r.status() == 404) {
      throw new SiteException(
          Rule.FAILBACK_POLICY_FIXED,
          "the vault has no failback policy " + settings.failbackPolicy(),
          "create the failback policy (RPO 15 min, retention 24 h, app-consistent every 60 min) in"
              + " the vault, or name it in reprotect.site.azure.asr.failback-policy");
    }
    if (!r.ok() || r.body() == null) {
      throw failure("read policy " + settings.failbackPolicy(), r);
    }
    JsonNode d = r.body().path("properties").path("providerSpecificDetails");
    String type = text(d, "instanceType");
    if (!FAILBACK_POLICY.equals(type)) {
      throw new SiteException(
          Rule.FAILBACK_POLICY_FIXED,
          "the vault's policy "
              + settings.failbackPolicy()
              + " is of type "
              + type
              + (FORWARD_ITEM.equals(type) ? " (replication from VMware to Azure)" : "")
              + ", not the InMage failback policy a reprotect needs",
          "name the vault's failback policy (type InMage) in"
              + " reprotect.site.azure.asr.failback-policy");
    }
    FailbackPolicy policy = wanted == null ? FailbackPolicy.FIXED : wanted;
    int rpo = d.path("recoveryPointThresholdInMinutes").asInt(-1);
    int history = d.path("recoveryPointHistory").asInt(-1);
    int app = d.path("appConsistentFrequencyInMinutes").asInt(-1);
    if (rpo != policy.rpoThresholdMinutes()
        || history != policy.retentionHours() * 60
        || app != policy.appConsistentFrequencyMinutes()) {
      throw new SiteException(
          Rule.FAILBACK_POLICY_FIXED,
          "the vault's policy "
              + settings.failbackPolicy()
              + " has RPO "
              + rpo
              + " min, history "
              + history
              + " min, app-consistent every "
              + app
              + " min; failback needs "
              + policy.rpoThresholdMinutes()
              + " / "
              + policy.retentionHours() * 60
              + " / "
              + policy.appConsistentFrequencyMinutes(),
          "name the vault's failback policy in reprotect.site.azure.asr.failback-policy");
    }
    return r.body().path("id").asText();
  }

  String processServerName(String id) {
    if (id == null) {
      return null;
    }
    try {
      JsonNode ps = find(fabricDetails().path("processServers"), "id", id);
      return ps == null ? id : text(ps, "friendlyName");
    } catch (RuntimeException unreadable) {
      return id;
    }
  }

  /** Every element of a list resource, following nextLink; a missing list is empty. */
  List<JsonNode> list(String path, String what) {
    List<JsonNode> out = new ArrayList<>();
    String next = path;
    while (next != null) {
      Response r = arm.get(next);
      if (r.status() == 404) {
        return out;
      }
      if (!r.ok() || r.body() == null) {
        throw failure(what, r);
      }
      r.body().path("value").forEach(out::add);
      next = text(r.body(), "nextLink");
    }
    return out;
  }

  RuntimeException failure(String what, Response r) {
    AsrError error = r.body() == null ? null : AsrError.fromArmBody(r.body());
    return AsrErrors.toException(
        what,
        error == null
            ? new AsrError("HTTP " + r.status(), "Azure answered " + r.status(), null, null)
            : error);
  }

  boolean fresh(String timestamp) {
    Instant at = instant(timestamp);
    return at != null && fresh(at);
  }

  boolean fresh(Instant at) {
    return Duration.between(at, clock.instant()).compareTo(settings.heartbeatStaleAfter()) <= 0;
  }
}
