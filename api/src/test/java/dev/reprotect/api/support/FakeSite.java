package dev.reprotect.api.support;

import dev.reprotect.inventory.InventoryActivities;
import dev.reprotect.inventory.ListReplicatedItemsRequest;
import dev.reprotect.inventory.MasterTargetInfo;
import dev.reprotect.inventory.MasterTargets;
import dev.reprotect.inventory.OsType;
import dev.reprotect.inventory.ReplicatedItem;
import dev.reprotect.inventory.ReplicatedItems;
import dev.reprotect.inventory.ReprotectOption;
import dev.reprotect.inventory.ReprotectOptions;
import dev.reprotect.inventory.ReprotectOptionsRequest;
import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.preflight.Validation;
import dev.reprotect.reprotect.AttachDisksRequest;
import dev.reprotect.reprotect.DetachDisksRequest;
import dev.reprotect.reprotect.MergeSnapshotsRequest;
import dev.reprotect.reprotect.PowerOffRequest;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectActivities;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.StartReplicationRequest;
import dev.reprotect.reprotect.StepResult;
import dev.reprotect.reprotect.StopReplicationRequest;
import dev.reprotect.reprotect.SyncProgress;
import dev.reprotect.reprotect.SynchronizeRequest;
import dev.reprotect.reprotect.WaitForAgentRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.ActivityCompletionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A tiny fake site: vm-web-01 (Windows) and vm-app-01 (Linux) reprotect cleanly; vm-db-01 breaks
 * MT_DISK_LIMIT whatever is chosen. Synchronization heartbeats its progress and finishes only once
 * a test releases the VM, so tests can watch a running reprotection.
 */
public final class FakeSite {

  public static final Map<String, ReplicatedItem> ITEMS =
      Map.of(
          "vm-web-01",
              new ReplicatedItem("vm-web-01", OsType.WINDOWS, "FAILED_OVER", null, "rp-web"),
          "vm-app-01", new ReplicatedItem("vm-app-01", OsType.LINUX, "FAILED_OVER", null, null),
          "vm-db-01", new ReplicatedItem("vm-db-01", OsType.WINDOWS, "FAILED_OVER", null, null));

  private static final Set<String> RELEASED = ConcurrentHashMap.newKeySet();

  /** Items replicating back on-premises: a synchronization that finished, until stopped. */
  private static final Set<String> PROTECTED_BACK = ConcurrentHashMap.newKeySet();

  private FakeSite() {}

  /** Lets the VM's synchronization finish (it is protected soon after). */
  public static void release(String vm) {
    RELEASED.add(vm);
  }

  /**
   * Holds the VM's synchronization again (for a re-run), and the VM is no longer protected back:
   * the statics outlive a test class, and a fresh scenario must not find an earlier one's
   * replication (the plan asks the site which machines are protected already).
   */
  public static void hold(String vm) {
    RELEASED.remove(vm);
    PROTECTED_BACK.remove(vm);
  }

  /** Whether the item replicates back on-premises (its reprotection synchronized). */
  static boolean protectedBack(String vm) {
    return PROTECTED_BACK.contains(vm);
  }

  /** Every rule this site breaks for the request, warnings included. */
  static List<Violation> check(ReprotectRequest r) {
    List<Violation> found = new ArrayList<>();
    String vm = r.replicatedItem();
    ReplicatedItem item = ITEMS.get(vm);
    if (item == null) {
      found.add(Violation.of(Rule.REPLICA_NOT_FOUND, vm, "replica " + vm + " not found in Azure"));
      return found;
    }
    if (r.direction() != null && !ReprotectRequest.AZURE_TO_ONPREM.equals(r.direction())) {
      found.add(
          Violation.of(
              Rule.DIRECTION_NOT_AZURE_TO_ONPREM, vm, "direction " + r.direction() + " asked"));
    }
    if (r.failbackPolicyGiven()) {
      found.add(Violation.of(Rule.FAILBACK_POLICY_FIXED, vm, "the request sets a failback policy"));
    }
    if (r.datastore() == null) {
      found.add(Violation.of(Rule.DATASTORE_REQUIRED, vm, "no datastore given"));
    }
    if (vm.equals("vm-db-01")) {
      found.add(Violation.of(Rule.MT_DISK_LIMIT, vm, r.masterTarget() + " would hold 61 disks"));
    }
    if (item.osType() == OsType.LINUX && !r.masterTarget().startsWith("mt-lin")) {
      found.add(Violation.of(Rule.MT_OS_MISMATCH, vm, "a Linux VM needs a Linux master target"));
    }
    if (r.processServer().startsWith("ps-onprem")) {
      found.add(
          Violation.of(
              Rule.PROCESS_SERVER_REMOTE_OVER_VPN,
              vm,
              "only a S2S VPN; the process server is on-premises"));
    }
    return found;
  }

  static ResolvedTarget target(ReprotectRequest r) {
    ReplicatedItem item = ITEMS.get(r.replicatedItem());
    String retention =
        r.retentionDrive() != null
            ? r.retentionDrive()
            : item.osType() == OsType.WINDOWS ? "R:" : "/mnt/retention";
    return new ResolvedTarget(
        r.replicatedItem(),
        RecoveryLocation.ORIGINAL,
        item.osType(),
        List.of(r.replicatedItem() + "-disk0"),
        null,
        retention);
  }

  public static class Preflight implements PreflightActivities {
    @Override
    public PreflightReport preflight(ReprotectRequest request) {
      List<Violation> all = check(request);
      List<Violation> blocking = all.stream().filter(Violation::blocking).toList();
      List<Violation> warnings = all.stream().filter(v -> !v.blocking()).toList();
      return new PreflightReport(
          blocking.isEmpty(),
          blocking,
          warnings,
          ITEMS.containsKey(request.replicatedItem()) ? target(request) : null);
    }

    @Override
    public Validation validate(ReprotectRequest request) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      List<Violation> all = check(request);
      List<Violation> blocking = all.stream().filter(Violation::blocking).toList();
      if (!blocking.isEmpty()) {
        throw RuleFailures.of(blocking, attempt);
      }
      return new Validation(target(request), all, attempt);
    }
  }

  public static class Steps implements ReprotectActivities {
    private static StepResult done(String detail) {
      return new StepResult(detail, Activity.getExecutionContext().getInfo().getAttempt());
    }

    @Override
    public StepResult waitForAgent(WaitForAgentRequest request) {
      return done("registered");
    }

    @Override
    public StepResult mergeSnapshots(MergeSnapshotsRequest request) {
      return done("merged 0 snapshots");
    }

    @Override
    public StepResult powerOff(PowerOffRequest request) {
      return done("powered off");
    }

    /** vm-app-01's vCenter is disconnected for the first two attempts (a transient rule). */
    @Override
    public StepResult attachDisks(AttachDisksRequest request) {
      int attempt = Activity.getExecutionContext().getInfo().getAttempt();
      if (request.replicatedItem().equals("vm-app-01") && attempt < 3) {
        throw RuleFailures.of(
            Violation.of(
                Rule.VCENTER_DISCONNECTED, request.replicatedItem(), "vCenter vc-01 disconnected"),
            attempt);
      }
      return done("attached 1 disk");
    }

    @Override
    public StepResult startReplication(StartReplicationRequest request) {
      return done("replication started");
    }

    @Override
    public StepResult synchronize(SynchronizeRequest request) {
      ActivityExecutionContext context = Activity.getExecutionContext();
      if (request.masterTarget().contains("vmotioned")) {
        throw RuleFailures.of(
            Violation.of(
                Rule.MT_STORAGE_VMOTIONED,
                request.replicatedItem(),
                request.masterTarget() + " was Storage-vMotioned"));
      }
      long total = 100_000;
      int percent = 0;
      long deadline = System.currentTimeMillis() + 120_000;
      try {
        while (System.currentTimeMillis() < deadline) {
          context.heartbeat(new SyncProgress(percent, percent * total / 100, total, "REPLICATING"));
          if (RELEASED.contains(request.replicatedItem())) {
            PROTECTED_BACK.add(request.replicatedItem());
            return done("protected");
          }
          percent = Math.min(percent + 10, 90);
          Thread.sleep(100);
        }
      } catch (ActivityCompletionException cancelled) {
        throw cancelled;
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(
          "fake synchronization of " + request.replicatedItem() + " never released");
    }

    @Override
    public StepResult detachDisks(DetachDisksRequest request) {
      return done("detached");
    }

    @Override
    public StepResult stopReplication(StopReplicationRequest request) {
      PROTECTED_BACK.remove(request.replicatedItem());
      return done("stopped");
    }
  }

  public static class Inventory implements InventoryActivities {
    @Override
    public ReplicatedItems listReplicatedItems(ListReplicatedItemsRequest request) {
      return new ReplicatedItems(
          ITEMS.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList());
    }

    @Override
    public MasterTargets listMasterTargets() {
      return new MasterTargets(
          List.of(
              new MasterTargetInfo("mt-win-01", OsType.WINDOWS, 0),
              new MasterTargetInfo("mt-lin-01", OsType.LINUX, 3)));
    }

    @Override
    public ReprotectOptions reprotectOptions(ReprotectOptionsRequest request) {
      ReplicatedItem item = ITEMS.get(request.replicatedItem());
      if (item == null) {
        throw RuleFailures.of(
            Violation.of(
                Rule.REPLICA_NOT_FOUND,
                request.replicatedItem(),
                "replica " + request.replicatedItem() + " not found in Azure"));
      }
      boolean linux = item.osType() == OsType.LINUX;
      return new ReprotectOptions(
          item.name(),
          List.of(
              new ReprotectOption(
                  "mt-win-01", !linux, linux ? List.of(Rule.MT_OS_MISMATCH) : List.of(), null),
              new ReprotectOption(
                  "mt-lin-01", linux, linux ? List.of() : List.of(Rule.MT_OS_MISMATCH), null)),
          List.of(new ReprotectOption("ps-azure-01", true, List.of(), null)),
          List.of(
              new ReprotectOption("vmfs-01", true, List.of(), null),
              new ReprotectOption("nfs-01", false, List.of(Rule.DATASTORE_NFS_UNSUPPORTED), null)),
          List.of(new ReprotectOption("R:", true, List.of(), "mt-win-01")));
    }
  }
}
