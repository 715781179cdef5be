package dev.reprotect.placement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.plan.PlanFacts;
import dev.reprotect.plan.PlanRules;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.simulated.SimulatedSite;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Placement on the sample inventory and on small sites built for one constraint each. */
class PlacementEngineTest {

  private static String sampleYaml() {
    try (InputStream in = SimulatedSite.class.getResourceAsStream(SimulatedSite.SAMPLE)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static SimulatedSite site(String yaml) {
    return SimulatedSite.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "test",
        SimulatedSite.Options.defaults());
  }

  private static RecoveryPlanRequest plan(String plan, String... items) {
    List<ReprotectRequest> machines = new ArrayList<>();
    for (String item : items) {
      machines.add(new ReprotectRequest(item, null, null, null, null, null, null, false, plan));
    }
    return new RecoveryPlanRequest(plan, machines, null, null);
  }

  private static Placement place(SimulatedSite site, RecoveryPlanRequest plan, HeldSlots held) {
    return PlacementEngine.place(PlacementFacts.read(site, site, held, plan));
  }

  private static Violation only(List<Violation> violations, String item) {
    List<Violation> of = violations.stream().filter(v -> item.equals(v.replicatedItem())).toList();
    assertEquals(1, of.size(), () -> item + ": " + violations);
    return of.get(0);
  }

  @Test
  void
      givenTheSamplePlanRpAppWithNoValues_whenPlaced_itShouldPutTheGroupOnOneWindowsMasterTargetAndPassPlanRules() {
    SimulatedSite site = SimulatedSite.loadSample(SimulatedSite.Options.defaults());
    RecoveryPlanRequest request = plan("rp-app", "vm-app-01", "vm-app-02");

    Placement placement = place(site, request, HeldSlots.NONE);

    assertTrue(placement.placed(), () -> placement.violations().toString());
    for (MachinePlacement m : placement.machines()) {
      assertEquals("mt-win-01", m.masterTarget(), m::toString);
      assertEquals("vmfs-01", m.datastore(), "original location: the VM's own datastore");
      assertEquals("R:", m.retentionDrive(), "S: is FAT32 and T: not listed yet");
      assertEquals(RecoveryLocation.ORIGINAL, m.recoveryLocation());
      assertEquals(List.of(), m.given());
    }
    assertEquals(
        List.of("ps-azure-01", "ps-onprem-01"),
        placement.machines().stream().map(MachinePlacement::processServer).toList(),
        "with ExpressRoute both are fine: spread, the one without heartbeat (ps-azure-02) left out");
    MasterTargetLoad win =
        placement.masterTargets().stream()
            .filter(t -> t.name().equals("mt-win-01"))
            .findFirst()
            .orElseThrow();
    assertEquals(
        new MasterTargetLoad("mt-win-01", dev.reprotect.inventory.OsType.WINDOWS, 0, 2, 60), win);
    List<ReprotectRequest> filled =
        placement.machines().stream()
            .map(
                m ->
                    new ReprotectRequest(
                        m.replicatedItem(),
                        m.masterTarget(),
                        m.processServer(),
                        m.datastore(),
                        m.retentionDrive(),
                        null,
                        null,
                        false,
                        "rp-app"))
            .toList();
    assertEquals(
        List.of(),
        PlanRules.evaluate(
                PlanFacts.read(site, site, new RecoveryPlanRequest("rp-app", filled, null, null)))
            .violations());
  }

  @Test
  void givenOnlyASiteToSiteVpn_whenPlaced_itShouldChooseTheProcessServerInAzure() {
    SimulatedSite site =
        site(
            sampleYaml()
                .replace(
                    "siteToSiteVpn: false\n  expressRoutePrivatePeering: true",
                    "siteToSiteVpn: true\n  expressRoutePrivatePeering: false"));

    Placement placement =
        place(site, plan("rp-mixed", "vm-web-01", "vm-db-01", "vm-old-01"), HeldSlots.NONE);

    assertTrue(placement.placed(), () -> placement.violations().toString());
    assertEquals(
        List.of("ps-azure-01", "ps-azure-01", "ps-azure-01"),
        placement.machines().stream().map(MachinePlacement::processServer).toList());
    assertEquals(
        List.of("mt-win-01", "mt-lnx-01", "mt-win-01"),
        placement.machines().stream().map(MachinePlacement::masterTarget).toList());
    assertEquals("/mnt/retention", placement.machines().get(1).retentionDrive());
    assertEquals(RecoveryLocation.ALTERNATE, placement.machines().get(2).recoveryLocation());
  }

  @Test
  void
      givenRpFileserversOver60Disks_whenPlaced_itShouldRefuseWithMtDiskLimitAndOneMoreWindowsMasterTarget() {
    SimulatedSite site = SimulatedSite.loadSample(SimulatedSite.Options.defaults());

    Placement placement =
        place(site, plan("rp-fileservers", "vm-fs-01", "vm-fs-02"), HeldSlots.NONE);

    assertFalse(placement.placed());
    assertTrue(placement.machines().isEmpty());
    Violation v = only(placement.violations(), "vm-fs-02");
    assertEquals(Rule.MT_DISK_LIMIT, v.rule());
    assertTrue(
        v.message().contains("vm-fs-02 needs 32 disk slots on one WINDOWS master target"),
        v.message());
    assertTrue(v.message().contains("mt-win-01 28 free"), v.message());
    assertTrue(
        v.fix().startsWith("add one more WINDOWS master target with 32 free disk slots"), v.fix());
  }

  @Test
  void
      givenSlotsReservedByARunningReprotection_whenPlaced_itShouldCountThemAndNameTheSlotsToFree() {
    SimulatedSite site = SimulatedSite.loadSample(SimulatedSite.Options.defaults());
    HeldSlots running = mt -> mt.equals("mt-win-01") ? Map.of("vm-web-01", 59) : Map.of();

    Placement placement = place(site, plan("rp-app", "vm-app-01", "vm-app-02"), running);

    assertFalse(placement.placed());
    Violation v = only(placement.violations(), "vm-app-01");
    assertEquals(Rule.MT_DISK_LIMIT, v.rule());
    assertTrue(
        v.message()
            .startsWith("replication group rg-app (vm-app-01, vm-app-02) needs 2 disk slots"),
        v.message());
    assertEquals(
        "add one more WINDOWS master target with 2 free disk slots (on a host that mounts the machines' "
            + "datastores), or free 1 disk slot on mt-win-01 (59 are held by machines outside the plan)",
        v.fix());
    MasterTargetLoad win =
        placement.masterTargets().stream()
            .filter(t -> t.name().equals("mt-win-01"))
            .findFirst()
            .orElseThrow();
    assertEquals(59, win.disksHeld());
  }

  @Test
  void
      givenAMasterTargetThatBreaksRules_whenGivenForAMachine_itShouldKeepItAsAConstraintAndRefuseWithItsRules() {
    SimulatedSite site = SimulatedSite.loadSample(SimulatedSite.Options.defaults());
    RecoveryPlanRequest request =
        new RecoveryPlanRequest(
            "rp-app",
            List.of(
                new ReprotectRequest(
                    "vm-app-01", "mt-win-02", null, null, null, null, null, false, "rp-app"),
                new ReprotectRequest(
                    "vm-app-02", null, null, null, null, null, null, false, "rp-app")),
            null,
            null);

    Placement placement = place(site, request, HeldSlots.NONE);

    assertFalse(placement.placed());
    List<Rule> rules = placement.violations().stream().map(Violation::rule).toList();
    assertEquals(
        List.of(Rule.MT_HAS_SNAPSHOTS, Rule.MT_PARAVIRTUAL_SCSI),
        rules,
        placement.violations()::toString);
    for (Violation v : placement.violations()) {
      assertEquals("vm-app-01", v.replicatedItem());
      assertTrue(
          v.fix().endsWith("; or leave masterTarget out and placement chooses one"), v.fix());
    }
  }

  @Test
  void givenTheMasterTargetAMachineWasGiven_whenPlaced_itShouldKeepItAndPlaceTheGroupOnIt() {
    SimulatedSite site = SimulatedSite.loadSample(SimulatedSite.Options.defaults());
    RecoveryPlanRequest request =
        new RecoveryPlanRequest(
            "rp-app",
            List.of(
                new ReprotectRequest(
                    "vm-app-01",
                    "mt-win-01",
                    "ps-onprem-01",
                    null,
                    null,
                    null,
                    null,
                    false,
                    "rp-app"),
                new ReprotectRequest(
                    "vm-app-02", null, null, null, null, null, null, false, "rp-app")),
            null,
            null);

    Placement placement = place(site, request, HeldSlots.NONE);

    assertTrue(placement.placed(), () -> placement.violations().toString());
    assertEquals(List.of("masterTarget", "processServer"), placement.machines().get(0).given());
    assertEquals("ps-onprem-01", placement.machines().get(0).processServer());
    assertEquals("mt-win-01", placement.machines().get(1).masterTarget());
  }

  /** Two Linux machines of 7 disks each on a site whose only master target runs Windows. */
  @Test
  void
      givenLinuxMachinesAndNoLinuxMasterTarget_whenPlaced_itShouldAskForOneLinuxMasterTargetWithTheirDiskSlots() {
    String yaml =
        sampleYaml()
            .replaceAll("(?s)  - name: mt-lnx-01 .*?(?=\nprocessServers:)", "")
            .replace(
                "  - name: vm-db-01\n    osVersion: Ubuntu 22.04\n",
                "  - name: vm-db-01\n    osVersion: Ubuntu 22.04\n    disks: ["
                    + disks("vm-db-01", 7)
                    + "]\n    sourceVm: gone-01\n    os: LINUX\n    sourceVCenter: vc-01\n")
            .replace(
                "replicas:\n",
                "replicas:\n  - name: vm-db-02\n    os: LINUX\n    osVersion: Ubuntu 22.04\n"
                    + "    sourceVCenter: vc-01\n    disks: ["
                    + disks("vm-db-02", 7)
                    + "]\n");
    SimulatedSite site = site(yaml);
    assertTrue(site.masterTargets().stream().noneMatch(mt -> mt.name().equals("mt-lnx-01")));

    Placement placement = place(site, plan("rp-linux", "vm-db-01", "vm-db-02"), HeldSlots.NONE);

    assertFalse(placement.placed());
    for (String item : List.of("vm-db-01", "vm-db-02")) {
      Violation v = only(placement.violations(), item);
      assertEquals(Rule.MT_OS_MISMATCH, v.rule());
      assertTrue(
          v.message().startsWith(item + " runs LINUX but no master target does"), v.message());
      assertEquals(
          "deploy one more LINUX master target with 14 free disk slots (on a host that mounts the "
              + "machines' datastores) for vm-db-01, vm-db-02",
          v.fix());
    }
  }

  @Test
  void theFixMessages_shouldCountMasterTargetsAndSlots() {
    assertEquals(
        "add one more LINUX master target with 1 free disk slot (on a host that mounts the machines' datastores)",
        PlacementMessages.addTargets(dev.reprotect.inventory.OsType.LINUX, List.of(1)));
    assertEquals(
        "add 3 more WINDOWS master targets with 60, 60 and 5 free disk slots (on hosts that mount the "
            + "machines' datastores)",
        PlacementMessages.addTargets(dev.reprotect.inventory.OsType.WINDOWS, List.of(60, 60, 5)));
    assertEquals(
        "deploy 2 more LINUX master targets with 60 and 40 free disk slots (on hosts that mount the machines' "
            + "datastores)",
        PlacementMessages.deploy(dev.reprotect.inventory.OsType.LINUX, 100, List.of("vm-x")));
  }

  private static String disks(String vm, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add("{ name: " + vm + "_" + i + ", size: 10GiB }");
    }
    return String.join(", ", out);
  }
}
