package dev.reprotect.placement;

import dev.reprotect.inventory.OsType;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.simulated.SimulatedSite;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A random site inventory (as YAML for the simulated site) and a plan over it. Everything that
 * placement cannot change is valid (replicas failed over and protected, hosts ESXi, vCenter
 * connected, ports open); what it chooses between is not: master targets of either OS with or
 * without faults, disks already attached, missing or bad retention volumes, NFS and read-only
 * datastores, process servers without heartbeat, replication groups, values given in the plan.
 */
record GeneratedSite(
    long seed,
    String yaml,
    RecoveryPlanRequest plan,
    List<String> masterTargets,
    List<String> datastores,
    List<String> retentionDrives,
    List<String> processServers) {

  static final String PLAN = "rp-gen";

  /**
   * Sizes for exhaustive search: up to {@code machines} machines, {@code targets} master targets.
   */
  static GeneratedSite generate(long seed, int machines, int targets, int maxDisks) {
    Random r = new Random(seed);
    StringBuilder y = new StringBuilder();
    boolean vpnOnly = r.nextBoolean();
    y.append("network: { siteToSiteVpn: true, expressRoutePrivatePeering: ")
        .append(!vpnOnly)
        .append(", closedPorts: [] }\n");
    y.append("configServer: { reachable: true }\n");
    y.append(
        "vcenters:\n  - { name: vc-01, connected: true, discovered: true, readOnlyAccount: false }\n");

    int dsCount = 1 + r.nextInt(3);
    // Mostly a healthy site: a VMFS datastore every host mounts read/write; faults elsewhere.
    boolean healthy = r.nextInt(5) > 0;
    List<String> datastores = new ArrayList<>();
    y.append("datastores:\n");
    for (int i = 1; i <= dsCount; i++) {
      String type =
          healthy && i == 1
              ? "VMFS"
              : switch (r.nextInt(5)) {
                case 0 -> "NFS";
                case 1 -> "VSAN";
                default -> "VMFS";
              };
      datastores.add("ds-" + i);
      y.append("  - { name: ds-")
          .append(i)
          .append(", type: ")
          .append(type)
          .append(", capacity: ")
          .append(1 + r.nextInt(8))
          .append("TiB }\n");
    }
    int hostCount = 1 + r.nextInt(2);
    y.append("hosts:\n");
    for (int h = 1; h <= hostCount; h++) {
      y.append("  - { name: esx-")
          .append(h)
          .append(", type: ESXI, version: \"8.0.2\", licence: PAID, vcenter: vc-01, datastores: [");
      List<String> mounts = new ArrayList<>();
      for (String ds : datastores) {
        if (healthy && ds.equals(datastores.get(0))) {
          mounts.add("{ name: " + ds + ", access: READ_WRITE }");
        } else if (r.nextInt(4) > 0) {
          mounts.add(
              "{ name: "
                  + ds
                  + ", access: "
                  + (r.nextInt(6) == 0 ? "READ_ONLY" : "READ_WRITE")
                  + " }");
        }
      }
      y.append(String.join(", ", mounts)).append("] }\n");
    }

    List<String> mts = new ArrayList<>();
    List<OsType> mtOs = new ArrayList<>();
    y.append("masterTargets:\n");
    for (int i = 1; i <= targets; i++) {
      OsType os = r.nextBoolean() ? OsType.WINDOWS : OsType.LINUX;
      mtOs.add(os);
      String name = "mt-" + i;
      mts.add(name);
      y.append("  - name: ")
          .append(name)
          .append("\n    os: ")
          .append(os)
          .append("\n    host: esx-")
          .append(1 + r.nextInt(hostCount))
          .append("\n");
      if (r.nextInt(15) == 0) y.append("    snapshots: [old]\n");
      if (r.nextInt(15) == 0) y.append("    scsiController: PARAVIRTUAL\n");
      y.append("    disks: [ { name: ")
          .append(name)
          .append("_0, datastore: ")
          .append(datastores.get(0))
          .append(", size: 100GiB } ]\n");
      if (r.nextInt(3) == 0) {
        y.append("    attachedDisks: [ { replicatedItem: other-")
            .append(i)
            .append(", count: ")
            .append(r.nextInt(maxDisks + 20))
            .append(" } ]\n");
      }
      String retention = os == OsType.WINDOWS ? "\"R:\"" : "/mnt/retention";
      y.append("    volumes:\n");
      y.append("      - { path: ")
          .append(os == OsType.WINDOWS ? "\"C:\"" : "/")
          .append(", fileSystem: NTFS, capacity: 100GiB, use: INSTALL }\n");
      int volume = r.nextInt(14);
      if (volume < 7 || volume > 9) {
        y.append("      - { path: ")
            .append(retention)
            .append(", fileSystem: NTFS, capacity: 1TiB, addedAgo: 30d }\n");
      } else if (volume == 7) {
        y.append("      - { path: ")
            .append(retention)
            .append(", fileSystem: FAT32, capacity: 1TiB, addedAgo: 30d }\n");
        y.append("      - { path: ")
            .append(os == OsType.WINDOWS ? "\"E:\"" : "/mnt/other")
            .append(", fileSystem: NTFS, capacity: 1TiB, addedAgo: 30d }\n");
      } else if (volume == 8) {
        y.append("      - { path: ")
            .append(retention)
            .append(", fileSystem: NTFS, capacity: 1TiB, addedAgo: 5m }\n");
      }
    }

    List<String> pss = new ArrayList<>();
    y.append("processServers:\n");
    int psCount = 1 + r.nextInt(2);
    for (int i = 1; i <= psCount; i++) {
      pss.add("ps-" + i);
      y.append("  - { name: ps-")
          .append(i)
          .append(", location: ")
          .append(r.nextBoolean() ? "AZURE" : "ONPREM")
          .append(", heartbeat: ")
          .append(r.nextInt(10) > 0)
          .append(" }\n");
    }

    StringBuilder vms = new StringBuilder("vms:\n");
    StringBuilder replicas = new StringBuilder("replicas:\n");
    boolean grouped = machines >= 2 && r.nextInt(3) == 0;
    OsType groupOs = mtOs.get(r.nextInt(mtOs.size()));
    List<ReprotectRequest> requests = new ArrayList<>();
    for (int i = 1; i <= machines; i++) {
      String name = "vm-" + i;
      boolean inGroup = grouped && i <= 2;
      // Mostly the OS of some master target, so that OS mismatches stay the exception.
      OsType os =
          inGroup && r.nextInt(8) > 0
              ? groupOs
              : r.nextInt(6) > 0
                  ? mtOs.get(r.nextInt(mtOs.size()))
                  : r.nextBoolean() ? OsType.WINDOWS : OsType.LINUX;
      int disks = 1 + r.nextInt(maxDisks);
      boolean onPrem = r.nextInt(10) < 7;
      replicas
          .append("  - name: ")
          .append(name)
          .append("\n    os: ")
          .append(os)
          .append("\n    osVersion: generated\n    sourceVCenter: vc-01\n    recoveryPlan: ")
          .append(PLAN)
          .append("\n");
      if (inGroup) replicas.append("    replicationGroup: rg-1\n");
      String vmDs =
          healthy && r.nextInt(3) > 0
              ? datastores.get(0)
              : datastores.get(r.nextInt(datastores.size()));
      if (onPrem) {
        vms.append("  - name: ")
            .append(name)
            .append("\n    os: ")
            .append(os)
            .append("\n    host: esx-")
            .append(1 + r.nextInt(hostCount))
            .append("\n    power: POWERED_OFF\n    disks:\n");
        for (int d = 0; d < disks; d++) {
          vms.append("      - { name: ")
              .append(name)
              .append("_")
              .append(d)
              .append(", datastore: ")
              .append(vmDs)
              .append(", size: 10GiB }\n");
        }
      } else {
        replicas.append("    disks:\n");
        for (int d = 0; d < disks; d++) {
          replicas
              .append("      - { name: ")
              .append(name)
              .append("_")
              .append(d)
              .append(", size: 10GiB }\n");
        }
      }
      String mt = r.nextInt(8) == 0 ? mts.get(r.nextInt(mts.size())) : null;
      String ds = r.nextInt(10) == 0 ? datastores.get(r.nextInt(datastores.size())) : null;
      String ps = r.nextInt(10) == 0 ? pss.get(r.nextInt(pss.size())) : null;
      requests.add(new ReprotectRequest(name, mt, ps, ds, null, null, null, false, PLAN));
    }
    y.append(vms.length() > "vms:\n".length() ? vms : "vms: []\n").append(replicas);
    List<String> retention = List.of("R:", "E:", "/mnt/retention", "/mnt/other");
    return new GeneratedSite(
        seed,
        y.toString(),
        new RecoveryPlanRequest(PLAN, requests, null, null),
        mts,
        datastores,
        retention,
        pss);
  }

  /**
   * A healthy Windows site whose master targets' free slots are exactly filled by the plan's
   * machines: each master target's free slots are cut into random pieces, one machine per piece,
   * shuffled. An assignment exists by construction; filling largest first is not always enough.
   */
  static GeneratedSite tight(long seed, int targets) {
    Random r = new Random(seed);
    StringBuilder y = new StringBuilder();
    y.append(
        "network: { siteToSiteVpn: true, expressRoutePrivatePeering: true, closedPorts: [] }\n");
    y.append("configServer: { reachable: true }\n");
    y.append(
        "vcenters:\n  - { name: vc-01, connected: true, discovered: true, readOnlyAccount: false }\n");
    y.append("datastores:\n  - { name: ds-1, type: VMFS, capacity: 8TiB }\n");
    y.append(
        "hosts:\n  - { name: esx-1, type: ESXI, version: \"8.0.2\", licence: PAID, vcenter: vc-01, datastores: [ { name: ds-1, access: READ_WRITE } ] }\n");
    y.append("processServers:\n  - { name: ps-1, location: AZURE, heartbeat: true }\n");
    y.append("masterTargets:\n");
    List<Integer> pieces = new ArrayList<>();
    List<String> mts = new ArrayList<>();
    for (int i = 1; i <= targets; i++) {
      int held = r.nextInt(3) == 0 ? r.nextInt(30) : 0;
      int free = 60 - held;
      while (free > 0) {
        int piece = Math.min(free, 3 + r.nextInt(28));
        pieces.add(piece);
        free -= piece;
      }
      mts.add("mt-" + i);
      y.append("  - name: mt-").append(i).append("\n    os: WINDOWS\n    host: esx-1\n");
      y.append("    disks: [ { name: mt-")
          .append(i)
          .append("_0, datastore: ds-1, size: 100GiB } ]\n");
      if (held > 0) {
        y.append("    attachedDisks: [ { replicatedItem: other-")
            .append(i)
            .append(", count: ")
            .append(held)
            .append(" } ]\n");
      }
      y.append(
          "    volumes: [ { path: \"R:\", fileSystem: NTFS, capacity: 1TiB, addedAgo: 30d } ]\n");
    }
    java.util.Collections.shuffle(pieces, r);
    StringBuilder replicas = new StringBuilder("replicas:\n");
    List<ReprotectRequest> requests = new ArrayList<>();
    for (int i = 0; i < pieces.size(); i++) {
      String name = "vm-" + (i + 1);
      replicas
          .append("  - name: ")
          .append(name)
          .append("\n    os: WINDOWS\n    osVersion: generated\n")
          .append("    sourceVCenter: vc-01\n    recoveryPlan: ")
          .append(PLAN)
          .append("\n    disks:\n");
      for (int d = 0; d < pieces.get(i); d++) {
        replicas
            .append("      - { name: ")
            .append(name)
            .append("_")
            .append(d)
            .append(", size: 1GiB }\n");
      }
      requests.add(new ReprotectRequest(name, null, null, null, null, null, null, false, PLAN));
    }
    y.append("vms: []\n").append(replicas);
    return new GeneratedSite(
        seed,
        y.toString(),
        new RecoveryPlanRequest(PLAN, requests, null, null),
        mts,
        List.of("ds-1"),
        List.of("R:"),
        List.of("ps-1"));
  }

  SimulatedSite load() {
    return SimulatedSite.load(
        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
        "generated-" + seed,
        SimulatedSite.Options.defaults());
  }
}
