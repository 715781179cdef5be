package dev.reprotect.worker;

import java.util.List;
import java.util.function.Function;

/**
 * A simulated site's inventory for plan tests: powered-on Windows VMs with one snapshot and one 20
 * GiB disk each on one ESXi host and VMFS datastore, Windows master targets with a 4 TiB retention
 * drive {@code R:}, one Azure process server, and each VM's replica in {@code plan}.
 */
public final class WindowsInventory {

  private WindowsInventory() {}

  /**
   * @param syncDuration each VM's initial synchronization in site time (e.g. {@code 20m})
   */
  public static String of(
      String plan,
      List<String> vms,
      List<String> masterTargets,
      Function<String, String> syncDuration) {
    StringBuilder y = new StringBuilder();
    y.append(
        """
        network: { siteToSiteVpn: false, expressRoutePrivatePeering: true, closedPorts: [] }
        configServer: { reachable: true }
        vcenters:
          - { name: vc-01, connected: true, discovered: true, readOnlyAccount: false }
        hosts:
          - name: esx-01
            type: ESXI
            version: "7.0.3"
            licence: PAID
            vcenter: vc-01
            datastores:
              - { name: vmfs-01, access: READ_WRITE }
        datastores:
          - { name: vmfs-01, type: VMFS, capacity: 100TiB }
        vms:
        """);
    for (String vm : vms) {
      y.append("  - name: ")
          .append(vm)
          .append("\n    os: WINDOWS\n    host: esx-01\n    power: POWERED_ON\n")
          .append("    snapshots: [nightly]\n    disks:\n      - { name: ")
          .append(vm)
          .append("_0, datastore: vmfs-01, size: 20GiB }\n");
    }
    y.append("masterTargets:\n");
    for (String mt : masterTargets) {
      y.append("  - name: ")
          .append(mt)
          .append("\n    os: WINDOWS\n    host: esx-01\n    disks:\n      - { name: ")
          .append(mt)
          .append("_0, datastore: vmfs-01, size: 100GiB }\n")
          .append("    volumes:\n")
          .append("      - { path: \"C:\", fileSystem: NTFS, capacity: 100GiB, use: INSTALL }\n")
          .append("      - { path: \"R:\", fileSystem: NTFS, capacity: 4TiB, addedAgo: 90d }\n");
    }
    y.append("processServers:\n  - { name: ps-azure-01, location: AZURE, heartbeat: true }\n");
    y.append("replicas:\n");
    for (String vm : vms) {
      y.append("  - { name: ")
          .append(vm)
          .append(", osVersion: Windows Server 2019, recoveryPlan: ")
          .append(plan)
          .append(", agentRegistersAfter: 1m, syncDuration: ")
          .append(syncDuration.apply(vm))
          .append(", changedBytes: 2GiB }\n");
    }
    return y.toString();
  }
}
