package dev.reprotect.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.List;

/**
 * Which Azure side the activities reach, chosen apart from the on-premises adapter.
 *
 * @param adapter "simulated" (the default: the simulated site's Azure side) or "asr" (Azure Site
 *     Recovery's REST API, {@link Asr})
 */
@ConfigurationProperties("reprotect.site.azure")
public record AzureSideSettings(@Bindable(defaultValue = "simulated") @NotBlank String adapter) {

  /**
   * The Recovery Services vault of {@code adapter: asr}. Credentials, in this order: an {@code
   * access-token-file} (a bearer token obtained elsewhere, read at each use), a {@code
   * client-secret-file} or {@code certificate-file} (PEM) with {@code tenant-id} and {@code
   * client-id}, {@code managed-identity}, else azure-identity's default chain (environment,
   * workload identity, managed identity, Azure CLI). Secrets are read from files and never logged.
   *
   * @param endpoint the ARM endpoint
   * @param authorityHost the Azure AD authority (e.g. https://login.microsoftonline.us); empty: the
   *     public cloud's
   * @param failbackPolicy name of the vault's failback replication policy (its id is sent as
   *     profileId)
   * @param azureProcessServers process servers that run in Azure (ASR's process-server details
   *     carry no location)
   * @param siteToSiteVpn whether a S2S VPN leads back on-premises (ASR does not know)
   * @param expressRoutePrivatePeering whether ExpressRoute private peering does (ASR does not know)
   * @param closedFailbackPorts failback ports known to be closed (ASR does not know)
   * @param startFollow how long START_REPLICATION follows the reprotect job (below its 5-minute
   *     attempt)
   */
  @ConfigurationProperties("asr")
  public record Asr(
      @Bindable(defaultValue = "https://management.azure.com") String endpoint,
      @Bindable(defaultValue = "2025-08-01") String apiVersion,
      @Nullable String subscriptionId,
      @Nullable String resourceGroup,
      @Nullable String vault,
      @Nullable String fabric,
      @Nullable String container,
      @Nullable String failbackPolicy,
      @Nullable String runAsAccountId,
      @Nullable List<String> azureProcessServers,
      @Bindable(defaultValue = "false") boolean siteToSiteVpn,
      @Bindable(defaultValue = "false") boolean expressRoutePrivatePeering,
      @Nullable List<Integer> closedFailbackPorts,
      @Nullable String tenantId,
      @Nullable String clientId,
      @Nullable String clientSecretFile,
      @Nullable String certificateFile,
      @Bindable(defaultValue = "false") boolean managedIdentity,
      @Nullable String authorityHost,
      @Nullable String accessTokenFile,
      @Bindable(defaultValue = "15m") Duration heartbeatStaleAfter,
      @Bindable(defaultValue = "5s") Duration pollInterval,
      @Bindable(defaultValue = "3m") Duration startFollow,
      @Bindable(defaultValue = "30s") Duration timeout,
      @Bindable(defaultValue = "4") @Min(1) int maxAttempts,
      @Bindable(defaultValue = "60s") Duration maxRetryAfter) {

    @Override
    public String toString() {
      return "Asr[endpoint="
          + endpoint
          + ", subscription="
          + subscriptionId
          + ", resourceGroup="
          + resourceGroup
          + ", vault="
          + vault
          + ", fabric="
          + fabric
          + ", container="
          + container
          + "]";
    }
  }
}
