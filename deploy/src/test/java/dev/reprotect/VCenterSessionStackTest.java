package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.vcenter.VCenterSite;
import dev.reprotect.vcenter.Vcsim;
import dev.reprotect.vcenter.Vim25Client;
import io.micronaut.context.ApplicationContext;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The worker's vCenter session ends with the application: closing the context logs the adapter out
 * of vCenter (vcsim's SessionManager.sessionList, read by another client).
 */
@DisabledIfSystemProperty(
    named = "vcsim.skip",
    matches = "true",
    disabledReason = "-Dvcsim.skip=true")
@Timeout(120)
class VCenterSessionStackTest {

  @Test
  void givenTheWorkerOnVCenter_whenTheApplicationStops_itsVCenterSessionIsLoggedOut()
      throws Exception {
    try (Vcsim vcsim = Vcsim.start();
        Vim25Client observer = vcsim.client()) {
      Path dir = Files.createTempDirectory("vcenter-session");
      Path password = dir.resolve("vcenter-password");
      Files.writeString(password, Vcsim.PASSWORD + "\n");
      Path inventory = dir.resolve("vcsim.yaml");
      try (InputStream in = Vcsim.class.getResourceAsStream("/inventory/vcsim.yaml")) {
        Files.copy(in, inventory);
      }
      int before = sessions(observer);
      ApplicationContext app =
          ApplicationContext.run(
              Map.ofEntries(
                  Map.entry("micronaut.server.port", -1),
                  Map.entry("reprotect.api.enabled", false),
                  Map.entry("reprotect.temporal.target", "localhost:" + freePort()),
                  Map.entry("reprotect.site.adapter", "vcenter"),
                  Map.entry("reprotect.site.vcenter.url", vcsim.url().toString()),
                  Map.entry("reprotect.site.vcenter.username", Vcsim.USER),
                  Map.entry("reprotect.site.vcenter.password-file", password.toString()),
                  Map.entry("reprotect.site.vcenter.name", "vc-sim"),
                  Map.entry("reprotect.site.simulated.inventory", inventory.toString())));
      try {
        assertTrue(app.getBean(VCenterSite.class).vm("vm-src-01").isPresent());
        assertEquals(before + 1, sessions(observer), "the worker's read opened a session");
      } finally {
        app.close();
      }
      assertEquals(
          before, sessions(observer), "the worker's vCenter session outlived the application");
    }
  }

  private static int sessions(Vim25Client observer) {
    Element list =
        observer
            .properties(observer.serviceContent().sessionManager(), "sessionList")
            .prop("sessionList");
    int n = 0;
    for (Node c = list == null ? null : list.getFirstChild(); c != null; c = c.getNextSibling()) {
      if (c.getNodeType() == Node.ELEMENT_NODE) {
        n++;
      }
    }
    return n;
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
