package dev.reprotect.asr;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import dev.reprotect.site.AzureSide.NetworkPaths;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Set;
import reactor.core.publisher.Mono;

/** Settings and credentials that point the adapter at an {@link AsrContractSimulator}. */
public final class AsrFixtures {

  private AsrFixtures() {}

  public static AsrSettings settings(AsrContractSimulator sim) {
    return new AsrSettings(
        sim.endpoint(),
        AsrContractSimulator.API_VERSION,
        AsrContractSimulator.SUBSCRIPTION,
        AsrContractSimulator.RESOURCE_GROUP,
        AsrContractSimulator.VAULT,
        AsrContractSimulator.FABRIC,
        AsrContractSimulator.CONTAINER,
        AsrContractSimulator.POLICY,
        "1",
        Set.of("ps-azure-01", "ps-azure-02"),
        new NetworkPaths(false, true),
        Set.of(),
        Duration.ofMinutes(15),
        Duration.ofMillis(50),
        Duration.ofSeconds(30),
        Duration.ofSeconds(5),
        4,
        Duration.ofSeconds(5));
  }

  /** The same settings, following a started reprotect for this long only. */
  public static AsrSettings withStartFollow(AsrSettings s, Duration follow) {
    return new AsrSettings(
        s.endpoint(),
        s.apiVersion(),
        s.subscriptionId(),
        s.resourceGroup(),
        s.vault(),
        s.fabric(),
        s.container(),
        s.failbackPolicy(),
        s.runAsAccountId(),
        s.azureProcessServers(),
        s.network(),
        s.closedFailbackPorts(),
        s.heartbeatStaleAfter(),
        s.pollInterval(),
        follow,
        s.timeout(),
        s.maxAttempts(),
        s.maxRetryAfter());
  }

  /** The same settings, naming another of the vault's policies as the failback policy. */
  public static AsrSettings withPolicy(AsrSettings s, String policy) {
    return new AsrSettings(
        s.endpoint(),
        s.apiVersion(),
        s.subscriptionId(),
        s.resourceGroup(),
        s.vault(),
        s.fabric(),
        s.container(),
        policy,
        s.runAsAccountId(),
        s.azureProcessServers(),
        s.network(),
        s.closedFailbackPorts(),
        s.heartbeatStaleAfter(),
        s.pollInterval(),
        s.startFollow(),
        s.timeout(),
        s.maxAttempts(),
        s.maxRetryAfter());
  }

  /**
   * A credential handing out this token (what azure-identity's chain returns, without Azure AD).
   */
  public static TokenCredential token(String token) {
    return request -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
  }
}
