package dev.reprotect.vcenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** vCenter sessions end when the adapter closes: vcsim's SessionManager.sessionList shows it. */
@DisabledIfSystemProperty(
    named = "vcsim.skip",
    matches = "true",
    disabledReason = "-Dvcsim.skip=true")
class Vim25SessionTest {

  private static Vcsim vcsim;
  private static Vim25Client observer;

  @BeforeAll
  static void start() {
    vcsim = Vcsim.start();
    observer = vcsim.client();
  }

  @AfterAll
  static void stop() {
    if (vcsim != null) {
      observer.close();
      vcsim.close();
    }
  }

  @Test
  void givenASiteThatReadVCenter_whenClosed_itsSessionIsLoggedOut() {
    int before = sessions();
    VCenterSite site = vcsim.site();
    assertTrue(site.vm("vm-src-01").isPresent());
    assertEquals(before + 1, sessions(), "the site's read opened a session");

    site.close();
    assertEquals(before, sessions(), "the site's session is still open after close");
    site.close(); // nothing left to log out: no call, no fault
    assertEquals(before, sessions());
  }

  @Test
  void givenAClosedClient_whenCalledAgain_itLogsInAfresh() {
    Vim25Client client = vcsim.client();
    client.currentTime();
    client.close();
    int before = sessions();
    client.currentTime();
    assertEquals(2, client.logins());
    assertEquals(before + 1, sessions());
    client.close();
    assertEquals(before, sessions());
  }

  private static int sessions() {
    MoRef sessionManager = observer.serviceContent().sessionManager();
    return Xml.children(observer.properties(sessionManager, "sessionList").prop("sessionList"))
        .size();
  }
}
