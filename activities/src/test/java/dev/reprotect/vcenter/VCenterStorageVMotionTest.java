package dev.reprotect.vcenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.w3c.dom.Element;

/**
 * MT_STORAGE_VMOTIONED from a real vCenter's records, against vcsim (a fresh one per test, as each
 * moves mt-win-01). vcsim 0.24.2's RelocateVM_Task changes the VM's datastores but records no event
 * and leaves disk files where they were (its TODO), so the tests do what vCenter does on a Storage
 * vMotion in two halves: post the relocation event vCenter records (EventManager.PostEvent, queried
 * back through vcsim's EventManager filter), and edit the disk's backing file as the move rewrites
 * it. (vcsim cannot take a posted VmMigratedEvent: its message template is malformed and the
 * handler fails; VmRelocatedEvent and DrsVmMigratedEvent carry the same arguments.)
 */
@DisabledIfSystemProperty(
    named = "vcsim.skip",
    matches = "true",
    disabledReason = "-Dvcsim.skip=true")
class VCenterStorageVMotionTest {

  private Vcsim vcsim;
  private VCenterSite site;
  private Vim25Client client;

  @BeforeEach
  void start() {
    vcsim = Vcsim.start();
    site = vcsim.site();
    client = site.client();
    OnPremVm vm = site.vm("vm-src-01").orElseThrow();
    site.attachDisks("mt-win-01", "vm-src-01", vm.disks());
  }

  @AfterEach
  void stop() {
    site.close();
    vcsim.close();
  }

  @Test
  void givenDisksJustAttached_whenRead_theMasterTargetIsNotStorageVMotioned() {
    MasterTarget mt = site.masterTarget("mt-win-01").orElseThrow();
    assertEquals(2, mt.attachedFor("vm-src-01").size());
    assertFalse(mt.storageVMotioned());
  }

  @Test
  void
      givenARelocationToAnotherDatastoreAfterTheAttach_whenRead_theMasterTargetIsStorageVMotioned() {
    MoRef mt = vm("mt-win-01");
    MoRef nfs = datastore("nfs-01");
    client.waitForTask(
        client.startTask("RelocateVM_Task", mt, "<spec>" + Xml.ref("datastore", nfs) + "</spec>"),
        () -> {},
        Duration.ofSeconds(10));
    postMove("VmRelocatedEvent", mt, datastore("LocalDS_0"), nfs);

    assertTrue(site.masterTarget("mt-win-01").orElseThrow().storageVMotioned());
    assertFalse(
        site.masterTarget("mt-notools-01").orElseThrow().storageVMotioned(),
        "another VM's event counted");
  }

  @Test
  void givenAStorageDrsMigration_whenRead_theMasterTargetIsStorageVMotioned() {
    postMove("DrsVmMigratedEvent", vm("mt-win-01"), datastore("LocalDS_0"), datastore("nfs-01"));
    assertTrue(site.masterTarget("mt-win-01").orElseThrow().storageVMotioned());
  }

  @Test
  void givenAHostOnlyVMotionOrAnotherVmsMove_whenRead_theMasterTargetIsNotStorageVMotioned() {
    MoRef local = datastore("LocalDS_0");
    postMove("VmRelocatedEvent", vm("mt-win-01"), local, local);
    postMove("VmRelocatedEvent", vm("mt-notools-01"), local, datastore("nfs-01"));

    assertFalse(site.masterTarget("mt-win-01").orElseThrow().storageVMotioned());
    assertEquals(
        2,
        client.events(vm("mt-win-01"), Instant.EPOCH, VCenterSite.RELOCATION_EVENTS).size()
            + client
                .events(vm("mt-notools-01"), Instant.EPOCH, VCenterSite.RELOCATION_EVENTS)
                .size(),
        "both events are in vcsim");
  }

  @Test
  void givenAnAttachedDiskWhoseFileMoved_whenRead_theMasterTargetIsStorageVMotioned() {
    MoRef mt = vm("mt-win-01");
    Element disk = client.properties(mt, "config.hardware.device").prop("config.hardware.device");
    Element attached =
        new Devices(disk)
            .disks().stream()
                .filter(
                    d -> "6000C290-0000-0000-0000-000000000001".equals(Xml.text(d, "backing.uuid")))
                .findFirst()
                .orElseThrow();
    String moved = "[LocalDS_0] mt-win-01/vm-src-01_0.vmdk";
    client.waitForTask(
        client.startTask(
            "ReconfigVM_Task",
            mt,
            "<spec><deviceChange><operation>edit</operation><fileOperation>create</fileOperation>"
                + "<device xsi:type=\"VirtualDisk\">"
                + Xml.el("key", Xml.text(attached, "key"))
                + "<deviceInfo><label>moved</label><summary>moved</summary></deviceInfo>"
                + "<backing xsi:type=\"VirtualDiskFlatVer2BackingInfo\">"
                + Xml.el("fileName", moved)
                + Xml.ref("datastore", datastore("LocalDS_0"))
                + Xml.el("diskMode", "persistent")
                + Xml.el("uuid", "6000C290-0000-0000-0000-000000000001")
                + "</backing>"
                + Xml.el("controllerKey", Xml.text(attached, "controllerKey"))
                + Xml.el("unitNumber", Xml.text(attached, "unitNumber"))
                + Xml.el("capacityInKB", Xml.text(attached, "capacityInKB"))
                + "</device></deviceChange></spec>"),
        () -> {},
        Duration.ofSeconds(10));

    MasterTarget read = site.masterTarget("mt-win-01").orElseThrow();
    assertTrue(
        read.attachedFor("vm-src-01").stream().anyMatch(a -> a.disk().name().equals(moved)),
        read.toString());
    assertTrue(read.storageVMotioned());
  }

  @Test
  void givenDisksDetached_whenRead_anEarlierMoveNoLongerCounts() {
    postMove("VmRelocatedEvent", vm("mt-win-01"), datastore("LocalDS_0"), datastore("nfs-01"));
    assertTrue(site.masterTarget("mt-win-01").orElseThrow().storageVMotioned());
    site.detachDisks(
        "mt-win-01",
        site.vm("vm-src-01").orElseThrow().disks().stream().map(VirtualDisk::uuid).toList());
    assertFalse(site.masterTarget("mt-win-01").orElseThrow().storageVMotioned());
  }

  // ---- Helpers (vcsim's own API). ----

  /** EventManager.PostEvent of the event vCenter records when it moves a VM between datastores. */
  private void postMove(String type, MoRef vm, MoRef fromDatastore, MoRef toDatastore) {
    MoRef host = MoRef.of(client.properties(vm, "runtime.host").prop("runtime.host"));
    String name = client.properties(vm, "name").text("name");
    client.call(
        "PostEvent",
        Xml.ref("_this", client.serviceContent().eventManager())
            + "<eventToPost xsi:type=\""
            + type
            + "\"><key>0</key><chainId>0</chainId>"
            + Xml.el("createdTime", Instant.now())
            + Xml.el("userName", "")
            + "<host>"
            + Xml.el("name", "DC0_C0_H0")
            + Xml.ref("host", host)
            + "</host>"
            + "<vm>"
            + Xml.el("name", name)
            + Xml.ref("vm", vm)
            + "</vm>"
            + "<ds>"
            + Xml.el("name", "to")
            + Xml.ref("datastore", toDatastore)
            + "</ds>"
            + Xml.el("template", false)
            + "<sourceHost>"
            + Xml.el("name", "DC0_C0_H0")
            + Xml.ref("host", host)
            + "</sourceHost>"
            + "<sourceDatastore>"
            + Xml.el("name", "from")
            + Xml.ref("datastore", fromDatastore)
            + "</sourceDatastore>"
            + "</eventToPost>");
  }

  private MoRef vm(String name) {
    return client.all("VirtualMachine", "name").stream()
        .filter(o -> name.equals(o.text("name")))
        .findFirst()
        .orElseThrow()
        .obj();
  }

  private MoRef datastore(String name) {
    return client.all("Datastore", "name").stream()
        .filter(o -> name.equals(o.text("name")))
        .findFirst()
        .orElseThrow()
        .obj();
  }
}
