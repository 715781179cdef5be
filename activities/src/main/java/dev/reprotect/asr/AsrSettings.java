package dev.reprotect.asr;

import dev.reprotect.site.AzureSide.NetworkPaths;
import java.net.URI;
import java.time.Duration;
import java.util.Set;

/**
 * Where the Recovery Services vault is and how the adapter talks to it. Facts Site Recovery does
 * not hold come from here too: the network path back on-premises, closed failback ports, and which
 * process servers run in Azure (ASR's process-server details have no location).
 *
 * @param endpoint the ARM endpoint, {@code https://management.azure.com} for Azure public cloud
 * @param apiVersion the Site Recovery REST api-version, e.g. {@code 2025-08-01}
 * @param fabric the VMware fabric (the configuration server), e.g. {@code cs-01-fabric}
 * @param container the protection container of the fabric holding the replicated items
 * @param failbackPolicy name of the vault's replication policy for failback (InMage, RPO 15 min, 24
 *     h retention, app-consistent every 60 min); its id is the reprotect input's profileId
 * @param runAsAccountId the vCenter run-as account's id for the reprotect input; null: none sent
 * @param azureProcessServers process servers that run in Azure (others count as on-premises)
 * @param network the network path from Azure back on-premises (ASR does not know it)
 * @param closedFailbackPorts failback ports known to be closed (ASR does not know them)
 * @param heartbeatStaleAfter a configuration server, process server or agent whose last heartbeat
 *     is older than this counts as not reporting
 * @param pollInterval how often a long-running operation and its job are read
 * @param startFollow how long START_REPLICATION follows the reprotect job before leaving the rest
 *     of it to SYNCHRONIZE (the activity's start-to-close is 5 minutes)
 * @param timeout one HTTP call's connect and read timeout
 * @param maxAttempts attempts of one call on 429, 5xx and I/O faults before the fault is reported
 *     as transient to the step's own retry policy
 * @param maxRetryAfter the longest Retry-After honoured in-call; longer waits go back to the step
 */
public record AsrSettings(
    URI endpoint,
    String apiVersion,
    String subscriptionId,
    String resourceGroup,
    String vault,
    String fabric,
    String container,
    String failbackPolicy,
    String runAsAccountId,
    Set<String> azureProcessServers,
    NetworkPaths network,
    Set<Integer> closedFailbackPorts,
    Duration heartbeatStaleAfter,
    Duration pollInterval,
    Duration startFollow,
    Duration timeout,
    int maxAttempts,
    Duration maxRetryAfter) {

  public static final String DEFAULT_API_VERSION = "2025-08-01";

  /** The Compute api-version used to read the replica VM itself. */
  public static final String COMPUTE_API_VERSION = "2023-09-01";

  public AsrSettings {
    azureProcessServers = azureProcessServers == null ? Set.of() : Set.copyOf(azureProcessServers);
    closedFailbackPorts = closedFailbackPorts == null ? Set.of() : Set.copyOf(closedFailbackPorts);
  }

  /**
   * {@code /subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.RecoveryServices/vaults/{v}}
   */
  public String vaultPath() {
    return "/subscriptions/"
        + subscriptionId
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/Microsoft.RecoveryServices/vaults/"
        + vault;
  }

  public String fabricPath() {
    return vaultPath() + "/replicationFabrics/" + fabric;
  }

  public String containerPath() {
    return fabricPath() + "/replicationProtectionContainers/" + container;
  }

  /** The token scope for ARM at this endpoint ({@code https://management.azure.com/.default}). */
  public String tokenScope() {
    String base = endpoint.toString();
    return (base.endsWith("/") ? base : base + "/") + ".default";
  }

  @Override
  public String toString() {
    return "AsrSettings[endpoint="
        + endpoint
        + ", vault="
        + vaultPath()
        + ", fabric="
        + fabric
        + ", container="
        + container
        + ", policy="
        + failbackPolicy
        + "]";
  }
}
