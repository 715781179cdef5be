package dev.reprotect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.azure.core.credential.TokenRequestContext;
import dev.reprotect.asr.AsrSettings;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AsrSideFactoryTest {

  private static AzureSideSettings.Asr asr(String subscription, String tokenFile) {
    return new AzureSideSettings.Asr(
        "https://management.azure.com",
        "2025-08-01",
        subscription,
        "rg-dr",
        "vault-dr",
        "cs-01-fabric",
        "cloud_cs-01",
        "failback-policy",
        null,
        List.of("ps-azure-01"),
        false,
        true,
        List.of(9443),
        null,
        null,
        null,
        null,
        false,
        null,
        tokenFile,
        Duration.ofMinutes(15),
        Duration.ofSeconds(5),
        Duration.ofMinutes(3),
        Duration.ofSeconds(30),
        4,
        Duration.ofSeconds(60));
  }

  @Test
  void givenTheVaultsCoordinates_whenBuilt_theSettingsAddressTheVaultAndCarryWhatAsrDoesNotKnow() {
    AsrSettings s = AsrSideFactory.settings(asr("sub-1", null));

    assertEquals(
        "/subscriptions/sub-1/resourceGroups/rg-dr/providers/Microsoft.RecoveryServices/vaults/vault-dr"
            + "/replicationFabrics/cs-01-fabric/replicationProtectionContainers/cloud_cs-01",
        s.containerPath());
    assertEquals("https://management.azure.com/.default", s.tokenScope());
    assertTrue(s.network().expressRoutePrivatePeering());
    assertEquals(java.util.Set.of(9443), s.closedFailbackPorts());
  }

  @Test
  void givenNoSubscription_whenBuilt_theErrorNamesTheSetting() {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> AsrSideFactory.settings(asr(" ", null)));

    assertTrue(e.getMessage().contains("reprotect.site.azure.asr.subscription-id"), e.getMessage());
  }

  @Test
  void givenAClientSecretAzureAdRefuses_whenCalling_theFailureNamesTheSettingsAndNotTheSecret(
      @TempDir Path dir) throws Exception {
    String canary = "canary-client-secret-" + java.util.UUID.randomUUID();
    Path secret = dir.resolve("client-secret");
    Files.writeString(secret, canary);
    AzureSideSettings.Asr base = asr("sub-1", null);
    AzureSideSettings.Asr withSecret =
        new AzureSideSettings.Asr(
            base.endpoint(),
            base.apiVersion(),
            base.subscriptionId(),
            base.resourceGroup(),
            base.vault(),
            base.fabric(),
            base.container(),
            base.failbackPolicy(),
            null,
            base.azureProcessServers(),
            false,
            true,
            null,
            "00000000-0000-0000-0000-000000000001",
            "00000000-0000-0000-0000-000000000002",
            secret.toString(),
            null,
            false,
            "https://127.0.0.1:1",
            null,
            base.heartbeatStaleAfter(),
            base.pollInterval(),
            base.startFollow(),
            Duration.ofSeconds(5),
            1,
            base.maxRetryAfter());
    AsrSettings settings = AsrSideFactory.settings(withSecret);
    dev.reprotect.asr.ArmClient arm =
        new dev.reprotect.asr.ArmClient(settings, AsrSideFactory.credential(withSecret));

    dev.reprotect.site.SiteException e =
        assertThrows(dev.reprotect.site.SiteException.class, () -> arm.get(settings.fabricPath()));

    assertEquals("AZURE_AUTHENTICATION_FAILED", e.type());
    assertTrue(!e.retryable());
    assertTrue(
        e.getMessage().contains("reprotect.site.azure.asr.client-secret-file"), e.getMessage());
    assertTrue(!e.getMessage().contains(canary), "the secret is in the failure");
    assertEquals(
        "client secret of 00000000-0000-0000-0000-000000000002",
        AsrSideFactory.credentialKind(withSecret));
  }

  @Test
  void givenAnAccessTokenFile_whenATokenIsAsked_theFileIsReadEachTime(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("token");
    Files.writeString(file, "first\n");
    var credential = AsrSideFactory.credential(asr("sub-1", file.toString()));
    TokenRequestContext context =
        new TokenRequestContext().addScopes("https://management.azure.com/.default");

    assertEquals("first", credential.getTokenSync(context).getToken());
    Files.writeString(file, "second");
    assertEquals("second", credential.getTokenSync(context).getToken());
    assertEquals("access token file", AsrSideFactory.credentialKind(asr("sub-1", file.toString())));
  }
}
