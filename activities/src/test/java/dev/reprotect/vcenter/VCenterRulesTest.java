package dev.reprotect.vcenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.PreflightRules;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.SiteException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * The preflight rules over facts read from vcsim through the vCenter adapter (the Azure side is the
 * simulated one of inventory/vcsim.yaml), and the vCenter faults as rules.
 */
@DisabledIfSystemProperty(
    named = "vcsim.skip",
    matches = "true",
    disabledReason = "-Dvcsim.skip=true")
class VCenterRulesTest {

  private static Vcsim vcsim;
  private static VCenterSite site;
  private static SimulatedSite azure;

  @BeforeAll
  static void start() {
    vcsim = Vcsim.start();
    site = vcsim.site();
    azure =
        SimulatedSite.load(
            VCenterRulesTest.class.getResourceAsStream("/inventory/vcsim.yaml"),
            "vcsim.yaml",
            SimulatedSite.Options.defaults());
  }

  @AfterAll
  static void stop() {
    if (vcsim != null) {
      vcsim.close();
    }
  }

  private static PreflightReport preflight(
      OnPremSite onPrem, String item, String mt, String datastore) {
    ReprotectRequest request =
        new ReprotectRequest(
            item,
            mt,
            "ps-azure-01",
            datastore,
            "R:",
            null,
            ReprotectRequest.AZURE_TO_ONPREM,
            false,
            null);
    return PreflightRules.evaluate(PreflightFacts.read(onPrem, azure, request));
  }

  private static Set<Rule> rules(PreflightReport report) {
    return report.violations().stream().map(Violation::rule).collect(Collectors.toSet());
  }

  @Test
  void givenAGoodMasterTargetAndVmfsDatastore_whenPreflighted_nothingIsViolated() {
    PreflightReport report = preflight(site, "vm-src-02", "mt-win-01", "LocalDS_0");
    assertTrue(report.ok(), report.violations().toString());
  }

  @Test
  void givenAMasterTargetWithSnapshotsAndParavirtualScsi_whenPreflighted_bothRulesAreViolated() {
    assertEquals(
        Set.of(Rule.MT_HAS_SNAPSHOTS, Rule.MT_PARAVIRTUAL_SCSI),
        rules(preflight(site, "vm-src-02", "mt-pvscsi-01", "LocalDS_0")));
  }

  @Test
  void givenAMasterTargetWhoseLastEnableUuidIsFalse_whenPreflighted_itIsMtDiskEnableUuid() {
    assertEquals(
        Set.of(Rule.MT_DISK_ENABLEUUID),
        rules(preflight(site, "vm-src-02", "mt-nouuid-01", "LocalDS_0")));
  }

  @Test
  void givenAMasterTargetWithoutTools_whenPreflighted_itIsMtNoVmwareTools() {
    assertEquals(
        Set.of(Rule.MT_NO_VMWARE_TOOLS),
        rules(preflight(site, "vm-src-02", "mt-notools-01", "LocalDS_0")));
  }

  @Test
  void givenAnNfsDatastore_whenPreflighted_itIsDatastoreNfsUnsupported() {
    PreflightReport report = preflight(site, "vm-src-02", "mt-win-01", "nfs-01");
    assertEquals(Set.of(Rule.DATASTORE_NFS_UNSUPPORTED), rules(report));
    assertTrue(report.violations().get(0).message().contains("nfs-01"));
  }

  @Test
  void
      givenADatastoreNotMountedOnTheMasterTargetsHost_whenPreflighted_itIsDatastoreNotAccessible() {
    PreflightReport report = preflight(site, "vm-src-02", "mt-win-01", "vmfs-far");
    assertEquals(Set.of(Rule.DATASTORE_NOT_ACCESSIBLE), rules(report));
    assertTrue(report.violations().get(0).message().contains("vmfs-far"));
  }

  @Test
  void givenAWrongPassword_whenRead_itIsVCenterDisconnectedAndThePasswordIsNotInTheMessage() {
    String wrong = "not-the-password";
    VCenterSite bad =
        new VCenterSite(
            vcsim.client(Vcsim.USER, wrong),
            new VCenterSite.Settings("vc-sim", List.of(), Duration.ofMinutes(1)),
            () -> {});
    SiteException e = assertThrows(SiteException.class, () -> bad.vm("vm-src-02"));
    assertEquals(Rule.VCENTER_DISCONNECTED, e.rule());
    assertTrue(e.getMessage().contains("wrong user name or password"), e.getMessage());
    assertFalse(e.getMessage().contains(wrong));
    assertFalse(bad.vcenter("vc-sim").orElseThrow().connected());
    assertTrue(
        rules(preflight(bad, "vm-src-02", "mt-win-01", "LocalDS_0"))
            .contains(Rule.VCENTER_DISCONNECTED));
  }

  @Test
  void givenAStoppedVCenter_whenReadOrActedOn_itIsVCenterDisconnected() {
    Vcsim gone = Vcsim.start();
    VCenterSite site = gone.site();
    assertTrue(site.vm("vm-src-02").isPresent());
    gone.close();
    SiteException read = assertThrows(SiteException.class, () -> site.vm("vm-src-02"));
    assertEquals(Rule.VCENTER_DISCONNECTED, read.rule());
    assertTrue(
        read.getMessage().contains("vm-src-02") && read.getMessage().contains("cannot be reached"),
        read.getMessage());
    SiteException act = assertThrows(SiteException.class, () -> site.powerOff("vm-src-02"));
    assertEquals(Rule.VCENTER_DISCONNECTED, act.rule());
    assertFalse(site.vcenter("vc-sim").orElseThrow().connected());
    PreflightReport report = preflight(site, "vm-src-02", "mt-win-01", "LocalDS_0");
    assertTrue(rules(report).contains(Rule.VCENTER_DISCONNECTED), report.violations().toString());
  }

  @Test
  void givenAReadOnlyDiscoveryAccount_whenDiscovering_itIsVCenterReadOnlyAccountNamingTheObject() {
    try (Vcsim readOnly = Vcsim.start("-readonly")) {
      VCenterSite ro = readOnly.site();
      SiteException e = assertThrows(SiteException.class, ro::datastores);
      assertEquals(Rule.VCENTER_READ_ONLY_ACCOUNT, e.rule());
      assertTrue(
          e.getMessage().contains("Folder:group-d1") && e.getMessage().contains("discovering")
              || e.getMessage().contains("reading datastores"),
          e.getMessage());
      assertTrue(ro.vcenter("vc-sim").orElseThrow().readOnlyAccount());
      PreflightReport report = preflight(ro, "vm-src-02", "mt-win-01", "LocalDS_0");
      assertTrue(
          rules(report).contains(Rule.VCENTER_READ_ONLY_ACCOUNT), report.violations().toString());
    }
  }

  @Test
  void givenAnEndedSession_whenCalled_theClientLogsInAgainOnce() {
    Vim25Client client = vcsim.client();
    client.currentTime();
    // End the session on the server while the client keeps its cookie.
    client.call("Logout", Xml.ref("_this", client.serviceContent().sessionManager()));
    assertTrue(client.currentTime() != null);
    assertEquals(2, client.logins());
  }
}
