package dev.reprotect.vcenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.inventory.OsType;
import dev.reprotect.rules.Rule;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.DatastoreType;
import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.HostType;
import dev.reprotect.site.OnPremSite.Licence;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.NewDisk;
import dev.reprotect.site.OnPremSite.NewVm;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.site.OnPremSite.PowerState;
import dev.reprotect.site.OnPremSite.ScsiController;
import dev.reprotect.site.OnPremSite.Snapshot;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.site.OnPremSite.VolumeUse;
import dev.reprotect.site.SiteException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.w3c.dom.Element;

/** The vCenter adapter against vcsim: every read and every step, each run twice (idempotency). */
@DisabledIfSystemProperty(
    named = "vcsim.skip",
    matches = "true",
    disabledReason = "-Dvcsim.skip=true")
class VCenterSiteTest {

  private static Vcsim vcsim;
  private static VCenterSite site;
  private static Vim25Client client;

  @BeforeAll
  static void start() {
    vcsim = Vcsim.start();
    site = vcsim.site();
    client = site.client();
  }

  @AfterAll
  static void stop() {
    if (vcsim != null) {
      vcsim.close();
    }
  }

  // ---- Reads. ----

  @Test
  void givenAVcsimVm_whenRead_itHasItsPowerStateSnapshotsAndDisks() {
    OnPremVm vm = site.vm("vm-src-02").orElseThrow();
    assertEquals(OsType.WINDOWS, vm.os());
    assertEquals(PowerState.POWERED_ON, vm.powerState());
    assertEquals("DC0_C0_H0", vm.host());
    assertEquals("vc-sim", vm.vcenter());
    assertEquals(
        List.of("before-patch", "nightly"), vm.snapshots().stream().map(Snapshot::name).toList());
    assertEquals(
        List.of("6000C291-0000-0000-0000-000000000001", "6000C291-0000-0000-0000-000000000002"),
        vm.disks().stream().map(VirtualDisk::uuid).toList());
    assertEquals("[LocalDS_0] vm-src-02/vm-src-02_0.vmdk", vm.disks().get(0).name());
    assertEquals("LocalDS_0", vm.disks().get(0).datastore());
    assertEquals(4L << 30, vm.disks().get(0).sizeBytes());
    assertTrue(site.vm("no-such-vm").isEmpty());
  }

  @Test
  void givenAnInstanceUuid_whenFound_itIsThatVm() {
    var ref =
        client.all("VirtualMachine", "name", "config.instanceUuid").stream()
            .filter(o -> "vm-src-02".equals(o.text("name")))
            .findFirst()
            .orElseThrow();
    assertEquals(
        "vm-src-02", site.vmByInstanceUuid(ref.text("config.instanceUuid")).orElseThrow().name());
    assertTrue(site.vmByInstanceUuid("00000000-0000-0000-0000-000000000000").isEmpty());
  }

  @Test
  void givenMasterTargets_whenRead_theirControllerToolsEnableUuidSnapshotsAndVolumesShow() {
    MasterTarget mt = site.masterTarget("mt-win-01").orElseThrow();
    assertEquals(ScsiController.LSI_LOGIC, mt.scsiController());
    assertTrue(mt.vmwareTools());
    assertTrue(mt.diskEnableUuid());
    assertTrue(mt.snapshots().isEmpty());
    assertEquals("DC0_C0_H0", mt.host());
    assertEquals(1, mt.disks().size());
    assertEquals(List.of("C:", "R:"), mt.volumes().stream().map(v -> v.path()).toList());
    assertEquals(VolumeUse.INSTALL, mt.volumes().get(0).use());
    assertEquals(VolumeUse.NONE, mt.volumes().get(1).use());
    assertEquals("NTFS", mt.volumes().get(1).fileSystem());

    MasterTarget pv = site.masterTarget("mt-pvscsi-01").orElseThrow();
    assertEquals(ScsiController.PARAVIRTUAL, pv.scsiController());
    assertEquals(List.of("mt-snap"), pv.snapshots().stream().map(Snapshot::name).toList());
    // vcsim appends extraConfig entries: TRUE then FALSE, the last one counts.
    assertFalse(site.masterTarget("mt-nouuid-01").orElseThrow().diskEnableUuid());
    assertFalse(site.masterTarget("mt-notools-01").orElseThrow().vmwareTools());
  }

  @Test
  void givenHostsAndDatastores_whenRead_typesMountsProductAndLicenceShow() {
    Map<String, DatastoreType> types = new java.util.HashMap<>();
    for (Datastore d : site.datastores()) {
      types.put(d.name(), d.type());
    }
    assertEquals(
        Map.of(
            "LocalDS_0",
            DatastoreType.VMFS,
            "nfs-01",
            DatastoreType.NFS,
            "vmfs-far",
            DatastoreType.VMFS),
        types);
    Host h = site.host("DC0_C0_H0").orElseThrow();
    assertEquals(HostType.ESXI, h.type());
    assertEquals("6.5.0", h.version());
    assertEquals(Licence.EVALUATION, h.licence());
    assertTrue(h.mount("LocalDS_0").isPresent());
    assertTrue(h.mount("nfs-01").isPresent());
    assertTrue(h.mount("vmfs-far").isEmpty());
    assertTrue(site.host("DC0_H0").orElseThrow().mount("vmfs-far").isPresent());
    assertTrue(site.vcenter("vc-sim").orElseThrow().connected());
    assertTrue(site.vcenter("another").isEmpty());
  }

  // ---- Steps, each twice. ----

  @Test
  void givenAVmWithSnapshots_whenMergedTwice_theyAreGoneAndTheSecondRunDoesNothing() {
    OnPremVm vm = site.vm("vm-src-01").orElseThrow();
    assertEquals(2, vm.snapshots().size());
    site.removeSnapshots(vm.name(), vm.snapshots().stream().map(Snapshot::id).toList());
    assertTrue(site.vm("vm-src-01").orElseThrow().snapshots().isEmpty());
    int tasks = taskCount();
    assertTrue(tasks > 0, "vcsim lists recent tasks");
    site.removeSnapshots(vm.name(), vm.snapshots().stream().map(Snapshot::id).toList());
    assertEquals(tasks, taskCount(), "the second merge started a vCenter task");
  }

  @Test
  void givenAPoweredOnVm_whenPoweredOffTwice_itIsOffAndTheSecondRunDoesNothing() {
    site.powerOff("vm-src-01");
    assertEquals(PowerState.POWERED_OFF, site.vm("vm-src-01").orElseThrow().powerState());
    int tasks = taskCount();
    site.powerOff("vm-src-01");
    assertEquals(tasks, taskCount(), "the second power-off started a vCenter task");
    // What the check avoids: vcsim fails PowerOff on an off VM with InvalidPowerState.
    MoRef ref = find("vm-src-01");
    VimFault f =
        assertThrows(
            VimFault.class,
            () ->
                client.waitForTask(
                    client.startTask("PowerOffVM_Task", ref, ""),
                    () -> {},
                    java.time.Duration.ofSeconds(10)));
    assertEquals("InvalidPowerState", f.type());
  }

  @Test
  void givenVmDisks_whenAttachedTwiceAndDetached_theMasterTargetHasThemOnceThenNot() {
    OnPremVm vm = site.vm("vm-src-01").orElseThrow();
    AtomicInteger polls = new AtomicInteger();
    VCenterSite counting =
        new VCenterSite(
            client,
            new VCenterSite.Settings("vc-sim", List.of(), java.time.Duration.ofMinutes(1)),
            polls::incrementAndGet);
    counting.attachDisks("mt-win-01", "vm-src-01", vm.disks());
    MasterTarget mt = site.masterTarget("mt-win-01").orElseThrow();
    assertEquals(
        vm.disks().stream().map(VirtualDisk::uuid).toList(),
        mt.attachedFor("vm-src-01").stream().map(a -> a.disk().uuid()).toList());
    assertEquals(
        vm.disks().stream().map(VirtualDisk::name).toList(),
        mt.attachedFor("vm-src-01").stream().map(a -> a.disk().name()).toList());
    assertEquals(1, mt.disks().size(), "its own disk stays its own");
    int devices = deviceCount("mt-win-01");
    counting.attachDisks("mt-win-01", "vm-src-01", vm.disks());
    assertEquals(devices, deviceCount("mt-win-01"), "the second attach added devices");

    site.detachDisks("mt-win-01", vm.disks().stream().map(VirtualDisk::uuid).toList());
    MasterTarget after = site.masterTarget("mt-win-01").orElseThrow();
    assertTrue(after.attachedFor("vm-src-01").isEmpty());
    assertEquals(1, after.disks().size());
    assertEquals(2, site.vm("vm-src-01").orElseThrow().disks().size(), "the VMDKs are kept");
    site.detachDisks("mt-win-01", vm.disks().stream().map(VirtualDisk::uuid).toList());
  }

  @Test
  void givenAnAlternateLocation_whenCreatedTwice_oneVmWithNewDisksExistsOnTheHost() {
    NewVm spec =
        new NewVm(
            "vm-alt-01",
            OsType.WINDOWS,
            "DC0_C0_H0",
            "LocalDS_0",
            List.of(new NewDisk("d0", 1L << 30), new NewDisk("d1", 2L << 30)));
    OnPremVm vm = site.createVm(spec);
    assertEquals("vm-alt-01", vm.name());
    assertEquals("DC0_C0_H0", vm.host());
    assertEquals(PowerState.POWERED_OFF, vm.powerState());
    assertEquals(
        List.of(1L << 30, 2L << 30), vm.disks().stream().map(VirtualDisk::sizeBytes).toList());
    assertTrue(vm.disks().stream().allMatch(d -> d.datastore().equals("LocalDS_0")));
    site.createVm(spec);
    assertEquals(
        1,
        client.all("VirtualMachine", "name").stream()
            .filter(o -> "vm-alt-01".equals(o.text("name")))
            .count());
  }

  @Test
  void givenADatastoreNotMountedOnTheHost_whenUsed_itIsDatastoreNotAccessibleNamingIt() {
    SiteException create =
        assertThrows(
            SiteException.class,
            () ->
                site.createVm(
                    new NewVm(
                        "vm-far-01",
                        OsType.WINDOWS,
                        "DC0_C0_H0",
                        "vmfs-far",
                        List.of(new NewDisk("d0", 1L << 30)))));
    assertEquals(Rule.DATASTORE_NOT_ACCESSIBLE, create.rule());
    assertTrue(
        create.getMessage().contains("vmfs-far") && create.getMessage().contains("DC0_C0_H0"),
        create.getMessage());

    SiteException attach =
        assertThrows(
            SiteException.class,
            () ->
                site.attachDisks(
                    "mt-win-01",
                    "x",
                    List.of(new VirtualDisk("[vmfs-far] x/x.vmdk", "x-1", "vmfs-far", 1L << 30))));
    assertEquals(Rule.DATASTORE_NOT_ACCESSIBLE, attach.rule());

    SiteException missing =
        assertThrows(
            SiteException.class,
            () ->
                site.attachDisks(
                    "mt-notools-01",
                    "y",
                    List.of(
                        new VirtualDisk(
                            "[LocalDS_0] nowhere/missing.vmdk", "y-1", "LocalDS_0", 1L << 30))));
    assertEquals(Rule.DATASTORE_NOT_ACCESSIBLE, missing.rule());
    assertTrue(missing.getMessage().contains("FileNotFound"), missing.getMessage());
  }

  // ---- Helpers (vcsim's own API). ----

  private static MoRef find(String vm) {
    return client.all("VirtualMachine", "name").stream()
        .filter(o -> vm.equals(o.text("name")))
        .findFirst()
        .orElseThrow()
        .obj();
  }

  private static int deviceCount(String vm) {
    Element devices =
        client.properties(find(vm), "config.hardware.device").prop("config.hardware.device");
    return Xml.children(devices).size();
  }

  private static int taskCount() {
    MoRef taskManager = new MoRef("TaskManager", "TaskManager");
    return Xml.children(client.properties(taskManager, "recentTask").prop("recentTask")).size();
  }
}
