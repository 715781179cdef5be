package dev.reprotect.bench;

import dev.reprotect.simulated.SimulatedSite;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

/**
 * Sample inventories generated for the benchmark: {@code machines} Windows VMs {@code vm-00000...}
 * of one disk each, spread 50 to a master target (each holds at most 60 disks), every rule passing,
 * agents registered at once and synchronization taking no site time, so the steps are instant.
 */
final class Inventories {

  static final int VMS_PER_MASTER_TARGET = 50;

  private Inventories() {}

  static String vm(int i) {
    return String.format("vm-%05d", i);
  }

  /** Master targets for that many machines: 50 machines (and disks) each. */
  static int masterTargets(int machines) {
    return Math.max(1, (machines + VMS_PER_MASTER_TARGET - 1) / VMS_PER_MASTER_TARGET);
  }

  /**
   * Machine i's master target: round robin, so a window of consecutive machines is spread over
   * every master target (with {@code -Dbench.grouped=true}: 50 consecutive machines per master
   * target, which makes one master target's slots workflow the hot spot of a window).
   */
  static String masterTargetOf(int i, int machines) {
    int mt =
        Boolean.getBoolean("bench.grouped")
            ? i / VMS_PER_MASTER_TARGET
            : i % masterTargets(machines);
    return String.format("mt-%03d", mt);
  }

  static String yaml(int machines, String agentRegistersAfter, String syncDuration) {
    StringBuilder y = new StringBuilder(machines * 400);
    y.append(
            "network: { siteToSiteVpn: false, expressRoutePrivatePeering: true, closedPorts: [] }\n")
        .append("configServer: { reachable: true }\n")
        .append(
            "vcenters:\n  - { name: vc-01, connected: true, discovered: true, readOnlyAccount: false }\n")
        .append(
            "hosts:\n  - name: esx-01\n    type: ESXI\n    version: \"7.0.3\"\n    licence: PAID\n")
        .append(
            "    vcenter: vc-01\n    datastores:\n      - { name: vmfs-01, access: READ_WRITE }\n")
        .append("datastores:\n  - { name: vmfs-01, type: VMFS, capacity: 1000TiB }\n")
        .append("vms:\n");
    for (int i = 0; i < machines; i++) {
      String vm = vm(i);
      y.append("  - name: ")
          .append(vm)
          .append("\n    os: WINDOWS\n    host: esx-01\n    power: POWERED_ON\n")
          .append("    disks:\n      - { name: ")
          .append(vm)
          .append("_0, datastore: vmfs-01, size: 10GiB }\n");
    }
    y.append("masterTargets:\n");
    for (int m = 0; m < masterTargets(machines); m++) {
      String mt = String.format("mt-%03d", m);
      y.append("  - name: ")
          .append(mt)
          .append("\n    os: WINDOWS\n    host: esx-01\n")
          .append("    disks:\n      - { name: ")
          .append(mt)
          .append("_0, datastore: vmfs-01, size: 100GiB }\n")
          .append("    volumes:\n")
          .append("      - { path: \"C:\", fileSystem: NTFS, capacity: 100GiB, use: INSTALL }\n")
          .append("      - { path: \"R:\", fileSystem: NTFS, capacity: 100TiB, addedAgo: 90d }\n");
    }
    y.append("processServers:\n  - { name: ps-azure-01, location: AZURE, heartbeat: true }\n");
    y.append("replicas:\n");
    for (int i = 0; i < machines; i++) {
      y.append("  - name: ")
          .append(vm(i))
          .append("\n    osVersion: Windows Server 2019\n")
          .append("    agentRegistersAfter: ")
          .append(agentRegistersAfter)
          .append('\n')
          .append("    syncDuration: ")
          .append(syncDuration)
          .append('\n')
          .append("    changedBytes: 1GiB\n");
    }
    return y.toString();
  }

  /** A site whose steps are instant: no waits, and site time runs a million times faster. */
  static SimulatedSite instant(int machines) {
    return load(yaml(machines, "0s", "0s"), SimulatedSite.Options.defaults().withTimeScale(1e-6));
  }

  static SimulatedSite load(String yaml, SimulatedSite.Options options) {
    return SimulatedSite.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "bench", options);
  }

  static SimulatedSite withClock(String yaml, Clock clock) {
    return load(yaml, SimulatedSite.Options.defaults().withTimeScale(1.0).withClock(clock));
  }
}
