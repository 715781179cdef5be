package dev.reprotect.inventory;

import static dev.reprotect.testing.Activities.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.activities.ActivityImplementations;
import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.rules.Rule;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.simulated.SiteFaults;
import dev.reprotect.testing.Activities;
import dev.reprotect.testing.TestClock;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryActivitiesImplTest {

  private final TestClock clock = new TestClock();
  private TestActivityEnvironment env;
  private SimulatedSite site;
  private InventoryActivities inventory;

  @BeforeEach
  void setUp() {
    site = SimulatedSite.loadSample(new SimulatedSite.Options(0.02, clock));
    env = TestActivityEnvironment.newInstance();
    env.registerActivitiesImplementations(
        ActivityImplementations.create(site, site, ActivitySettings.defaults()).all().toArray());
    inventory = Activities.stub(env, InventoryActivities.class);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private static ReprotectOption named(List<ReprotectOption> options, String name) {
    return options.stream().filter(o -> o.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void listsEveryReplicatedItem_orThoseOfOnePlan() {
    ReplicatedItems all = inventory.listReplicatedItems(new ListReplicatedItemsRequest(null));
    ReplicatedItems plan = inventory.listReplicatedItems(new ListReplicatedItemsRequest("rp-app"));

    assertTrue(
        all.items().stream()
            .anyMatch(i -> i.name().equals("vm-web-01") && i.osType() == OsType.WINDOWS));
    assertEquals(
        List.of("vm-app-01", "vm-app-02"),
        plan.items().stream().map(ReplicatedItem::name).toList());
    assertEquals("rg-app", plan.items().get(0).replicationGroup());
  }

  @Test
  void listsEveryMasterTargetWithItsOsAndTheDisksAttachedToItNow() {
    assertEquals(
        List.of(
            new MasterTargetInfo("mt-win-01", OsType.WINDOWS, 0),
            new MasterTargetInfo("mt-win-02", OsType.WINDOWS, 0),
            new MasterTargetInfo("mt-lnx-01", OsType.LINUX, 0)),
        inventory.listMasterTargets().items());

    site.attachDisks("mt-win-01", "vm-web-01", site.vm("vm-web-01").orElseThrow().disks());

    MasterTargetInfo mtWin01 = inventory.listMasterTargets().items().get(0);
    assertEquals(new MasterTargetInfo("mt-win-01", OsType.WINDOWS, 2), mtWin01);
  }

  @Test
  void givenVmWeb01_theOptionsMarkEachChoiceEligibleOrNotWithTheRulesWhy() {
    ReprotectOptions options =
        inventory.reprotectOptions(new ReprotectOptionsRequest("vm-web-01", null));

    assertTrue(named(options.masterTargets(), "mt-win-01").eligible());
    ReprotectOption mtWin02 = named(options.masterTargets(), "mt-win-02");
    assertFalse(mtWin02.eligible());
    assertEquals(List.of(Rule.MT_HAS_SNAPSHOTS, Rule.MT_PARAVIRTUAL_SCSI), mtWin02.rules());
    assertEquals(List.of(Rule.MT_OS_MISMATCH), named(options.masterTargets(), "mt-lnx-01").rules());

    assertTrue(named(options.processServers(), "ps-azure-01").eligible());
    assertEquals(
        List.of(Rule.PROCESS_SERVER_UNREACHABLE),
        named(options.processServers(), "ps-azure-02").rules());

    assertTrue(named(options.datastores(), "vmfs-01").eligible());
    assertTrue(named(options.datastores(), "vsan-01").eligible());
    assertEquals(
        List.of(Rule.DATASTORE_NFS_UNSUPPORTED), named(options.datastores(), "nfs-01").rules());

    ReprotectOption r = named(options.retentionDrives(), "R:");
    assertTrue(r.eligible());
    assertEquals("mt-win-01", r.masterTarget());
    assertEquals(
        List.of(Rule.RETENTION_DRIVE_INVALID), named(options.retentionDrives(), "S:").rules());
    assertEquals(
        List.of(Rule.RETENTION_DRIVE_NOT_VISIBLE), named(options.retentionDrives(), "T:").rules());
    assertEquals(
        List.of(Rule.RETENTION_DRIVE_INVALID), named(options.retentionDrives(), "C:").rules());
  }

  @Test
  void givenAChosenMasterTarget_datastoresAndDrivesAreJudgedAgainstItOnly() {
    ReprotectOptions options =
        inventory.reprotectOptions(new ReprotectOptionsRequest("vm-db-01", "mt-lnx-01"));

    assertTrue(named(options.masterTargets(), "mt-lnx-01").eligible());
    assertEquals(List.of(Rule.MT_OS_MISMATCH), named(options.masterTargets(), "mt-win-01").rules());
    assertEquals(
        List.of("/", "/mnt/retention"),
        options.retentionDrives().stream().map(ReprotectOption::name).toList());
    assertTrue(named(options.retentionDrives(), "/mnt/retention").eligible());
    // mt-lnx-01's host esx-02 does not mount nfs-01.
    assertEquals(
        List.of(Rule.DATASTORE_NFS_UNSUPPORTED, Rule.DATASTORE_NOT_ACCESSIBLE),
        named(options.datastores(), "nfs-01").rules());
  }

  @Test
  void givenAnUnknownItem_itFailsNonRetryablyWithReplicaNotFound() {
    ApplicationFailure f =
        failure(() -> inventory.reprotectOptions(new ReprotectOptionsRequest("vm-nope", null)));

    assertEquals(Rule.REPLICA_NOT_FOUND.name(), f.getType());
    assertTrue(f.isNonRetryable());
  }

  @Test
  void givenVCenterDisconnected_itFailsRetryably() {
    SiteFaults.of(site).disconnectVCenter("vc-01");

    ApplicationFailure f =
        failure(() -> inventory.reprotectOptions(new ReprotectOptionsRequest("vm-web-01", null)));

    assertEquals(Rule.VCENTER_DISCONNECTED.name(), f.getType());
    assertFalse(f.isNonRetryable());
  }
}
