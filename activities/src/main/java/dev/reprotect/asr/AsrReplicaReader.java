package dev.reprotect.asr;

import static dev.reprotect.asr.ArmJson.text;
import static dev.reprotect.asr.AsrVault.reprotected;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.inventory.OsType;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.site.AzureSide.Origin;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.AzureSide.ReplicaDisk;
import dev.reprotect.site.SiteException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replicated items (and migration items) read as the port's {@link Replica}: origin, OS, disks,
 * replication group, recovery plan, and whether the VM Site Recovery failed over to was moved.
 */
final class AsrReplicaReader {

  private static final Logger LOG = LoggerFactory.getLogger(AsrReplicaReader.class);

  private final AsrVault vault;
  private final AsrSettings settings;
  private final ArmClient arm;

  /** Reads through the vault; the ARM client reads the replica VMs (Microsoft.Compute). */
  AsrReplicaReader(AsrVault vault, ArmClient arm) {
    this.vault = vault;
    this.settings = vault.settings();
    this.arm = arm;
  }

  Optional<Replica> replica(String replicatedItem) {
    Optional<JsonNode> item = vault.protectedItem(replicatedItem);
    if (item.isEmpty()) {
      return migrationItem(replicatedItem).map(this::migrated);
    }
    return Optional.of(replica(item.get(), vcenterNames(), recoveryPlans(), true));
  }

  List<Replica> replicas() {
    Map<String, String> vcenters = vcenterNames();
    Map<String, String> plans = recoveryPlans();
    List<Replica> out = new ArrayList<>();
    for (JsonNode item : vault.protectedItems()) {
      out.add(replica(item, vcenters, plans, false));
    }
    return out;
  }

  /**
   * @param checkVm read the replica VM too (one call more; single reads only)
   */
  private Replica replica(
      JsonNode item, Map<String, String> vcenters, Map<String, String> plans, boolean checkVm) {
    JsonNode p = item.path("properties");
    JsonNode d = p.path("providerSpecificDetails");
    String state = text(p, "protectionState");
    boolean reprotected = reprotected(d);
    String vcenterId = text(d, "vCenterInfrastructureId");
    List<ReplicaDisk> disks = new ArrayList<>();
    for (JsonNode disk : d.path("protectedDisks")) {
      disks.add(
          new ReplicaDisk(
              text(disk, "diskName"),
              text(disk, "diskId"),
              disk.path("diskCapacityInBytes").asLong()));
    }
    String group = text(d, "multiVmGroupName");
    return new Replica(
        item.path("name").asText(),
        text(p, "friendlyName"),
        vcenterId == null ? null : vcenters.getOrDefault(vcenterId, vcenterId),
        osType(d),
        osVersion(d),
        failedOver(p) || reprotected ? Origin.FAILED_OVER : Origin.CREATED_IN_AZURE,
        state,
        protectionEnabled(state),
        false,
        checkVm && movedOrDeleted(item.path("name").asText(), d),
        "physical".equalsIgnoreCase(text(d, "discoveryType")),
        group == null || group.isBlank() ? null : group,
        plans.get(item.path("id").asText().toLowerCase(Locale.ROOT)),
        disks);
  }

  static boolean failedOver(JsonNode properties) {
    return text(properties, "lastSuccessfulFailoverTime") != null
        && "Recovery".equalsIgnoreCase(text(properties, "activeLocation"));
  }

  static boolean protectionEnabled(String state) {
    return state != null
        && !state.startsWith("Unprotected")
        && !state.equals("DisablingProtection");
  }

  /**
   * VM_MOVED_RESOURCE_GROUP: only InMageAzureV2 details name the VM Site Recovery failed over to
   * (targetVmId). InMage details (after reprotect) name none, so a reprotected item is not checked;
   * the rule guards the start of a reprotect, which that item is past.
   */
  private boolean movedOrDeleted(String item, JsonNode details) {
    if (reprotected(details)) {
      LOG.info(
          "{}: reprotected already (InMage details carry no targetVmId): VM_MOVED_RESOURCE_GROUP"
              + " not checked",
          item);
      return false;
    }
    return vmMissing(text(details, "targetVmId"));
  }

  /**
   * The vault's migration item (Azure Migrate server migration, VMwareCbt) for this machine, if
   * any. Migration items live under Azure Migrate's own fabric, not the configuration server's, so
   * they are listed vault-wide and matched by name or machine name.
   */
  private Optional<JsonNode> migrationItem(String name) {
    for (JsonNode m :
        vault.list(
            settings.vaultPath() + "/replicationMigrationItems",
            "list the vault's migration items")) {
      if (name.equalsIgnoreCase(m.path("name").asText())
          || name.equalsIgnoreCase(text(m.path("properties"), "machineName"))) {
        return Optional.of(m);
      }
    }
    return Optional.empty();
  }

  /** A migration item (Azure Migrate server migration): present as a replica that was migrated. */
  private Replica migrated(JsonNode item) {
    JsonNode p = item.path("properties");
    return new Replica(
        item.path("name").asText(),
        text(p, "machineName"),
        null,
        "linux".equalsIgnoreCase(text(p.path("providerSpecificDetails"), "osType"))
            ? OsType.LINUX
            : OsType.WINDOWS,
        null,
        Origin.FAILED_OVER,
        text(p, "migrationState"),
        true,
        true,
        false,
        false,
        null,
        null,
        List.of());
  }

  /**
   * Whether the VM Site Recovery failed over to is gone from where it put it (moved or deleted).
   */
  private boolean vmMissing(String targetVmId) {
    if (targetVmId == null || !targetVmId.startsWith("/")) {
      return false;
    }
    try {
      return arm.get(targetVmId, AsrSettings.COMPUTE_API_VERSION).status() == 404;
    } catch (SiteException refused) {
      if (!refused.is(ProductFailure.AZURE_AUTHORIZATION_FAILED)) {
        throw refused;
      }
      // Site Recovery rights without Reader on the VM's resource group: a move goes unnoticed, not
      // the reprotect.
      LOG.warn(
          "cannot read replica VM {} (no Reader role there): VM_MOVED_RESOURCE_GROUP is not"
              + " checked",
          targetVmId);
      return false;
    }
  }

  private static OsType osType(JsonNode d) {
    String os = text(d, "osType");
    if (os == null) {
      os = text(d.path("osDetails"), "osType");
    }
    return "linux".equalsIgnoreCase(os) ? OsType.LINUX : OsType.WINDOWS;
  }

  private static String osVersion(JsonNode d) {
    return text(d, "osVersion");
  }

  /** vCenter infrastructure id -> the vCenter's name, from the fabric's replicationvCenters. */
  private Map<String, String> vcenterNames() {
    Map<String, String> names = new HashMap<>();
    for (JsonNode vc :
        vault.list(settings.fabricPath() + "/replicationvCenters", "list the fabric's vCenters")) {
      JsonNode p = vc.path("properties");
      String id = text(p, "infrastructureId");
      if (id != null) {
        names.put(id, text(p, "friendlyName"));
      }
    }
    return names;
  }

  /** Protected item id (lower case) -> recovery plan name. */
  Map<String, String> recoveryPlans() {
    Map<String, String> plans = new HashMap<>();
    for (JsonNode plan :
        vault.list(settings.vaultPath() + "/replicationRecoveryPlans", "list the recovery plans")) {
      for (JsonNode group : plan.path("properties").path("groups")) {
        for (JsonNode member : group.path("replicationProtectedItems")) {
          String id = text(member, "id");
          if (id != null) {
            plans.put(id.toLowerCase(Locale.ROOT), plan.path("name").asText());
          }
        }
      }
    }
    return plans;
  }
}
