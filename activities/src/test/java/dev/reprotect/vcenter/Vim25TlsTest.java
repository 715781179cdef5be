package dev.reprotect.vcenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.rules.Rule;
import dev.reprotect.site.SiteException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * TLS verification against vcsim over https (self-signed): on by default, pinned, or off
 * explicitly.
 */
@DisabledIfSystemProperty(
    named = "vcsim.skip",
    matches = "true",
    disabledReason = "-Dvcsim.skip=true")
class Vim25TlsTest {

  private static Vcsim vcsim;

  @BeforeAll
  static void start() {
    vcsim = Vcsim.start("-tls");
    assertEquals("https", vcsim.url().getScheme());
  }

  @AfterAll
  static void stop() {
    if (vcsim != null) {
      vcsim.close();
    }
  }

  private static Vim25Client client(SSLContext tls) {
    return new Vim25Client(
        new Vim25Client.Options(
            vcsim.url(), Vcsim.USER, () -> Vcsim.PASSWORD, tls, Duration.ofSeconds(10)));
  }

  /** The server certificate's SHA-1 thumbprint, colon-separated as vSphere shows it. */
  private static String thumbprint() throws Exception {
    SSLContext any = Tls.context(true, null, null);
    try (SSLSocket s =
        (SSLSocket)
            any.getSocketFactory().createSocket(vcsim.url().getHost(), vcsim.url().getPort())) {
      s.startHandshake();
      X509Certificate cert = (X509Certificate) s.getSession().getPeerCertificates()[0];
      String hex =
          HexFormat.of()
              .withUpperCase()
              .formatHex(MessageDigest.getInstance("SHA-1").digest(cert.getEncoded()));
      return String.join(":", hex.split("(?<=\\G..)"));
    }
  }

  @Test
  void givenTheDefaultTrustStore_whenTheCertificateIsSelfSigned_itIsVCenterDisconnected() {
    VCenterSite site =
        new VCenterSite(
            client(Tls.context(false, null, null)),
            new VCenterSite.Settings("vc-tls", List.of(), Duration.ofMinutes(1)),
            () -> {});
    SiteException e = assertThrows(SiteException.class, () -> site.vm("vm-src-01"));
    assertEquals(Rule.VCENTER_DISCONNECTED, e.rule());
  }

  @Test
  void givenThePinnedThumbprint_whenConnecting_itWorks_andAnotherThumbprintIsRefused()
      throws Exception {
    assertNotNull(client(Tls.context(false, thumbprint(), null)).currentTime());
    VimFault f =
        assertThrows(
            VimFault.class,
            () ->
                client(
                        Tls.context(
                            false,
                            "00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33",
                            null))
                    .currentTime());
    assertTrue(f instanceof VimFault.Disconnected, f.toString());
  }

  @Test
  void givenInsecureExplicitly_whenConnecting_itWorks() {
    assertNotNull(client(Tls.context(true, null, null)).currentTime());
  }
}
