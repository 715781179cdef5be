package dev.reprotect.worker;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import dev.reprotect.asr.ArmClient;
import dev.reprotect.asr.AsrAzureSide;
import dev.reprotect.asr.AsrSettings;
import dev.reprotect.site.AzureSide.NetworkPaths;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * {@code reprotect.site.azure.adapter: asr}: the Azure side is a Recovery Services vault through
 * Azure Site Recovery's REST API ({@link AsrAzureSide}), whatever the on-premises adapter is.
 */
@Factory
@Requires(property = "reprotect.site.azure.adapter", value = "asr")
public class AsrSideFactory {

  private static final Logger LOG = LoggerFactory.getLogger(AsrSideFactory.class);

  @Singleton
  AsrAzureSide asrAzureSide(AzureSideSettings.Asr asr) {
    AsrSettings settings = settings(asr);
    LOG.info("Azure side: Azure Site Recovery, {} (credential: {})", settings, credentialKind(asr));
    return new AsrAzureSide(
        settings,
        new ArmClient(settings, credential(asr)),
        Clock.systemUTC(),
        AsrAzureSide.activityHeartbeat());
  }

  static AsrSettings settings(AzureSideSettings.Asr asr) {
    Map<String, String> required = new LinkedHashMap<>();
    required.put("subscription-id", asr.subscriptionId());
    required.put("resource-group", asr.resourceGroup());
    required.put("vault", asr.vault());
    required.put("fabric", asr.fabric());
    required.put("container", asr.container());
    required.put("failback-policy", asr.failbackPolicy());
    required.forEach(
        (key, value) -> {
          if (value == null || value.isBlank()) {
            throw new ConfigurationException(
                "reprotect.site.azure.adapter is asr but reprotect.site.azure.asr."
                    + key
                    + " is not set");
          }
        });
    Set<String> azurePs =
        asr.azureProcessServers() == null ? Set.of() : new HashSet<>(asr.azureProcessServers());
    Set<Integer> closed =
        asr.closedFailbackPorts() == null ? Set.of() : new HashSet<>(asr.closedFailbackPorts());
    return new AsrSettings(
        URI.create(asr.endpoint()),
        asr.apiVersion(),
        asr.subscriptionId(),
        asr.resourceGroup(),
        asr.vault(),
        asr.fabric(),
        asr.container(),
        asr.failbackPolicy(),
        asr.runAsAccountId(),
        azurePs,
        new NetworkPaths(asr.siteToSiteVpn(), asr.expressRoutePrivatePeering()),
        closed,
        asr.heartbeatStaleAfter(),
        asr.pollInterval(),
        asr.startFollow(),
        asr.timeout(),
        asr.maxAttempts(),
        asr.maxRetryAfter());
  }

  static String credentialKind(AzureSideSettings.Asr asr) {
    if (set(asr.accessTokenFile())) {
      return "access token file";
    }
    if (set(asr.clientSecretFile())) {
      return "client secret of " + asr.clientId();
    }
    if (set(asr.certificateFile())) {
      return "certificate of " + asr.clientId();
    }
    return asr.managedIdentity() ? "managed identity" : "azure-identity default chain";
  }

  /** The credential the settings name (see {@link AzureSideSettings.Asr}). */
  static TokenCredential credential(AzureSideSettings.Asr asr) {
    if (set(asr.accessTokenFile())) {
      Path file = Path.of(asr.accessTokenFile());
      // Read at each use: whoever writes the file renews the token.
      return request ->
          Mono.fromCallable(() -> new AccessToken(read(file), OffsetDateTime.now().plusMinutes(5)));
    }
    if (set(asr.clientSecretFile())) {
      ClientSecretCredentialBuilder b =
          new ClientSecretCredentialBuilder()
              .tenantId(require(asr.tenantId(), "tenant-id"))
              .clientId(require(asr.clientId(), "client-id"))
              .clientSecret(read(Path.of(asr.clientSecretFile())));
      if (set(asr.authorityHost())) {
        b.authorityHost(asr.authorityHost());
      }
      return b.build();
    }
    if (set(asr.certificateFile())) {
      ClientCertificateCredentialBuilder b =
          new ClientCertificateCredentialBuilder()
              .tenantId(require(asr.tenantId(), "tenant-id"))
              .clientId(require(asr.clientId(), "client-id"))
              .pemCertificate(asr.certificateFile());
      if (set(asr.authorityHost())) {
        b.authorityHost(asr.authorityHost());
      }
      return b.build();
    }
    if (asr.managedIdentity()) {
      ManagedIdentityCredentialBuilder b = new ManagedIdentityCredentialBuilder();
      if (set(asr.clientId())) {
        b.clientId(asr.clientId());
      }
      return b.build();
    }
    DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder();
    if (set(asr.authorityHost())) {
      b.authorityHost(asr.authorityHost());
    }
    if (set(asr.tenantId())) {
      b.tenantId(asr.tenantId());
    }
    return b.build();
  }

  private static String require(String value, String key) {
    if (!set(value)) {
      throw new ConfigurationException(
          "reprotect.site.azure.asr." + key + " is required with a client secret or certificate");
    }
    return value;
  }

  private static boolean set(String s) {
    return s != null && !s.isBlank();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
