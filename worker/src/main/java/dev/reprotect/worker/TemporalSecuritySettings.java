package dev.reprotect.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * How the connection to Temporal is secured, and whether payloads are encrypted. Everything off by
 * default (the embedded server listens in plaintext on localhost).
 *
 * @param apiKey an API key sent with every call (e.g. Temporal Cloud); prefer {@code apiKeyFile}
 * @param apiKeyFile a file holding the API key (trimmed)
 */
@ConfigurationProperties("reprotect.temporal")
public record TemporalSecuritySettings(@Nullable String apiKey, @Nullable String apiKeyFile) {

  /**
   * TLS to the frontend; mutual TLS when a client certificate and key are given.
   *
   * @param enabled use TLS; unset: TLS exactly when an API key is given (the SDK's default), so an
   *     API key is never sent in plaintext unless {@code enabled: false} says so
   * @param caFile PEM of the CA that signed the server's certificate (empty: the JVM's trust store)
   * @param certFile PEM client certificate (mTLS)
   * @param keyFile PKCS#8 PEM private key of the client certificate (mTLS)
   * @param serverName the name to verify in the server's certificate (empty: the target's host)
   */
  @ConfigurationProperties("tls")
  public record Tls(
      @Nullable Boolean enabled,
      @Nullable String caFile,
      @Nullable String certFile,
      @Nullable String keyFile,
      @Nullable String serverName) {

    public static final Tls OFF = new Tls(null, null, null, null, null);

    /** Whether TLS is on, given whether an API key is sent. */
    public boolean on(boolean apiKey) {
      return enabled == null ? apiKey : enabled;
    }
  }

  /**
   * Payload encryption at rest (AES-256-GCM).
   *
   * @param keyFile a file holding the 32-byte key, raw or base64; empty = payloads in plaintext
   * @param keyId the key's id, written in each payload's metadata
   */
  @ConfigurationProperties("codec")
  public record Codec(@Nullable String keyFile, @Bindable(defaultValue = "default") String keyId) {

    public static final Codec OFF = new Codec(null, "default");

    public boolean enabled() {
      return keyFile != null && !keyFile.isBlank();
    }
  }
}
