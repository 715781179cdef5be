package dev.reprotect.vcenter;

import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the vCenter's certificate is checked: the JDK's trust store (default), a CA file (PEM), a
 * pinned thumbprint (SHA-1 as vSphere shows it, or SHA-256; hex, colons optional), or not at all
 * (only by the explicit {@code insecure} setting).
 */
public final class Tls {

  private Tls() {}

  public static SSLContext context(boolean insecure, String thumbprint, Path caFile) {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      if (insecure) {
        ctx.init(null, new TrustManager[] {new Pinned(null)}, null);
      } else if (thumbprint != null && !thumbprint.isBlank()) {
        ctx.init(null, new TrustManager[] {new Pinned(normalize(thumbprint))}, null);
      } else if (caFile != null) {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
          int i = 0;
          for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
            ks.setCertificateEntry("ca-" + i++, cert);
          }
        }
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        ctx.init(null, tmf.getTrustManagers(), null);
      } else {
        return SSLContext.getDefault();
      }
      return ctx;
    } catch (Exception e) {
      throw new IllegalArgumentException("vCenter TLS settings: " + e.getMessage(), e);
    }
  }

  static String normalize(String thumbprint) {
    return thumbprint.replace(":", "").replace(" ", "").toLowerCase(Locale.ROOT);
  }

  /** Accepts a leaf certificate by thumbprint (or any, when the pin is null: insecure). */
  private static final class Pinned extends X509ExtendedTrustManager {
    private final String pin;

    Pinned(String pin) {
      this.pin = pin;
    }

    private void check(X509Certificate[] chain) throws CertificateException {
      if (pin == null) {
        return;
      }
      if (chain == null || chain.length == 0) {
        throw new CertificateException("no server certificate");
      }
      try {
        byte[] der = chain[0].getEncoded();
        String sha1 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(der));
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        if (!pin.equals(sha1) && !pin.equals(sha256)) {
          throw new CertificateException(
              "vCenter certificate thumbprint " + sha1 + " does not match the configured one");
        }
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new CertificateException(e);
      }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      check(chain);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
