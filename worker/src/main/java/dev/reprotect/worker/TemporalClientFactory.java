package dev.reprotect.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import dev.reprotect.worker.codec.AesGcmPayloadCodec;
import dev.reprotect.worker.server.EmbeddedTemporalServer;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.CodecDataConverter;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The connection to Temporal, shared by the worker and the API. */
@Factory
public class TemporalClientFactory {

  private static final Logger LOG = LoggerFactory.getLogger(TemporalClientFactory.class);

  /**
   * The gRPC stubs. Depends on the embedded server (when enabled) so that it listens first. The
   * SDK's metrics go to Micronaut's registry, and from there to {@code /prometheus}. TLS, mTLS and
   * an API key come from {@code reprotect.temporal.tls.*} and {@code
   * reprotect.temporal.api-key(-file)}.
   */
  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(
      TemporalSettings settings,
      @Nullable TemporalSecuritySettings security,
      @Nullable TemporalSecuritySettings.Tls tls,
      @Nullable EmbeddedTemporalServer embedded,
      @Nullable MeterRegistry meterRegistry) {
    WorkflowServiceStubsOptions.Builder options =
        connectionOptions(settings, tls, apiKey(security));
    if (meterRegistry != null) {
      Scope scope =
          new RootScopeBuilder()
              .reporter(new MicrometerClientStatsReporter(meterRegistry))
              .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
      options.setMetricsScope(scope);
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  @Singleton
  WorkflowClient workflowClient(
      WorkflowServiceStubs stubs,
      TemporalSettings settings,
      @Nullable TemporalSecuritySettings.Codec codec) {
    return WorkflowClient.newInstance(stubs, clientOptions(settings, codec));
  }

  /** The client options: namespace, and the payload codec when a key file is configured. */
  public static WorkflowClientOptions clientOptions(
      TemporalSettings settings, @Nullable TemporalSecuritySettings.Codec codec) {
    WorkflowClientOptions.Builder options =
        WorkflowClientOptions.newBuilder().setNamespace(settings.namespace());
    if (codec != null && codec.enabled()) {
      AesGcmPayloadCodec aes = AesGcmPayloadCodec.fromFile(codec.keyId(), Path.of(codec.keyFile()));
      options.setDataConverter(
          new CodecDataConverter(DefaultDataConverter.newDefaultInstance(), List.of(aes)));
      LOG.info("Payloads encrypted with AES-256-GCM, key id '{}'", aes.keyId());
    }
    return options.build();
  }

  /** The stubs' options: target, TLS (mutual when a client certificate is given), API key. */
  public static WorkflowServiceStubsOptions.Builder connectionOptions(
      TemporalSettings settings,
      @Nullable TemporalSecuritySettings.Tls tls,
      @Nullable String apiKey) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(settings.target());
    boolean useTls = tls == null ? present(apiKey) : tls.on(present(apiKey));
    if (useTls
        && tls != null
        && (present(tls.caFile()) || present(tls.certFile()) || present(tls.keyFile()))) {
      options.setSslContext(sslContext(tls));
    }
    if (useTls && tls != null && present(tls.serverName())) {
      options.setChannelInitializer(channel -> channel.overrideAuthority(tls.serverName()));
    }
    // Without a CA or client certificate, TLS uses the JVM's trust store.
    options.setEnableHttps(
        useTls
            && (tls == null
                || !(present(tls.caFile()) || present(tls.certFile()) || present(tls.keyFile()))));
    if (present(apiKey)) {
      options.addApiKey(() -> apiKey);
    }
    return options;
  }

  static SslContext sslContext(TemporalSecuritySettings.Tls tls) {
    try {
      SimpleSslContextBuilder builder;
      if (present(tls.certFile()) || present(tls.keyFile())) {
        if (!present(tls.certFile()) || !present(tls.keyFile())) {
          throw new IllegalStateException(
              "mTLS needs both reprotect.temporal.tls.cert-file and key-file");
        }
        try (InputStream cert = Files.newInputStream(Path.of(tls.certFile()));
            InputStream key = Files.newInputStream(Path.of(tls.keyFile()))) {
          builder = SimpleSslContextBuilder.forPKCS8(cert, key);
          if (present(tls.caFile())) {
            builder.setTrustManager(trustManagers(Path.of(tls.caFile())).getTrustManagers()[0]);
          }
          return builder.build();
        }
      }
      builder = SimpleSslContextBuilder.noKeyOrCertChain();
      if (present(tls.caFile())) {
        builder.setTrustManager(trustManagers(Path.of(tls.caFile())).getTrustManagers()[0]);
      }
      return builder.build();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot set up TLS to Temporal: " + e.getMessage(), e);
    }
  }

  private static TrustManagerFactory trustManagers(Path caFile)
      throws IOException, GeneralSecurityException {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    try (InputStream in = Files.newInputStream(caFile)) {
      int i = 0;
      for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
        store.setCertificateEntry("ca-" + i++, ca);
      }
      if (i == 0) {
        throw new IllegalStateException("no certificate in " + caFile);
      }
    }
    TrustManagerFactory factory =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    factory.init(store);
    return factory;
  }

  /** The API key: the file's content when a file is given, else the key itself. Never logged. */
  static @Nullable String apiKey(@Nullable TemporalSecuritySettings security) {
    if (security == null) {
      return null;
    }
    if (present(security.apiKeyFile())) {
      try {
        return Files.readString(Path.of(security.apiKeyFile()), StandardCharsets.UTF_8).trim();
      } catch (IOException e) {
        throw new IllegalStateException(
            "cannot read reprotect.temporal.api-key-file: " + e.getMessage(), e);
      }
    }
    return security.apiKey();
  }

  private static boolean present(@Nullable String s) {
    return s != null && !s.isBlank();
  }
}
