package dev.reprotect.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS, mTLS and API keys are configuration only: these tests check the options are built from it
 * (no TLS Temporal server runs here, so the handshake itself is not exercised).
 */
class TemporalConnectionOptionsTest {

  static final TemporalSettings TARGET =
      new TemporalSettings("temporal.example:7233", "default", "reprotect", false);

  static String fixture(String name) throws Exception {
    return Paths.get(TemporalConnectionOptionsTest.class.getResource("/tls/" + name).toURI())
        .toString();
  }

  @Test
  void givenNothing_theConnectionIsPlaintextWithoutKey() {
    WorkflowServiceStubsOptions options =
        TemporalClientFactory.connectionOptions(TARGET, null, null).build();
    assertNull(options.getSslContext());
    assertEquals("temporal.example:7233", options.getTarget());
    assertTrue(
        options.getGrpcMetadataProviders() == null || options.getGrpcMetadataProviders().isEmpty());
  }

  @Test
  void givenTlsWithACa_theOptionsCarryAnSslContextAndTheServerName() throws Exception {
    WorkflowServiceStubsOptions options =
        TemporalClientFactory.connectionOptions(
                TARGET,
                new TemporalSecuritySettings.Tls(
                    true, fixture("ca.pem"), null, null, "frontend.temporal.internal"),
                null)
            .build();
    assertNotNull(options.getSslContext());
    assertTrue(options.getSslContext().isClient());
    assertNotNull(options.getChannelInitializer());
  }

  @Test
  void givenMutualTls_theOptionsCarryTheClientCertificate() throws Exception {
    WorkflowServiceStubsOptions options =
        TemporalClientFactory.connectionOptions(
                TARGET,
                new TemporalSecuritySettings.Tls(
                    true, fixture("ca.pem"), fixture("client.pem"), fixture("client.key"), null),
                null)
            .build();
    assertNotNull(options.getSslContext());
  }

  @Test
  void givenAnApiKeyWithTlsExplicitlyOff_itIsSentInPlaintext() {
    WorkflowServiceStubsOptions options =
        TemporalClientFactory.connectionOptions(
                TARGET, new TemporalSecuritySettings.Tls(false, null, null, null, null), "key")
            .build();
    assertNull(options.getSslContext());
    assertTrue(!options.getEnableHttps());
  }

  @Test
  void givenTlsWithoutFiles_theJvmTrustStoreIsUsed() {
    WorkflowServiceStubsOptions options =
        TemporalClientFactory.connectionOptions(
                TARGET, new TemporalSecuritySettings.Tls(true, null, null, null, null), null)
            .build();
    assertTrue(options.getEnableHttps());
  }

  @Test
  void givenACertificateWithoutKey_itIsRefused() throws Exception {
    TemporalSecuritySettings.Tls half =
        new TemporalSecuritySettings.Tls(true, null, fixture("client.pem"), null, null);
    assertThrows(
        IllegalStateException.class,
        () -> TemporalClientFactory.connectionOptions(TARGET, half, null));
  }

  @Test
  void givenAnApiKeyFile_itIsReadAndSentAsAnAuthorizationHeader(@TempDir Path dir)
      throws Exception {
    Path file = Files.writeString(dir.resolve("api-key"), "  key-from-file\n");
    String key =
        TemporalClientFactory.apiKey(new TemporalSecuritySettings("ignored", file.toString()));
    assertEquals("key-from-file", key);

    WorkflowServiceStubsOptions options =
        TemporalClientFactory.connectionOptions(TARGET, null, key).build();
    assertTrue(
        options.getEnableHttps(), "an API key goes over TLS unless TLS is turned off explicitly");
    assertEquals(1, options.getGrpcMetadataProviders().size());
    assertEquals(
        "Bearer key-from-file",
        options
            .getGrpcMetadataProviders()
            .iterator()
            .next()
            .getMetadata()
            .get(
                io.grpc.Metadata.Key.of(
                    "authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER)));
  }
}
