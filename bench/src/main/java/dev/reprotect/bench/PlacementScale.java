package dev.reprotect.bench;

import dev.reprotect.placement.HeldSlots;
import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.placement.Placement;
import dev.reprotect.placement.PlacementEngine;
import dev.reprotect.placement.PlacementFacts;
import dev.reprotect.plan.PlanFacts;
import dev.reprotect.plan.PlanRules;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.simulated.SimulatedSite;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * P6: the placement engine on a large plan, no values given: {@code machines} machines (half
 * Windows, half Linux, one disk each, every tenth two, groups of four) over {@code targets} master
 * targets (half of each OS, two disks each already held by other machines), about 95% of the free
 * slots filled. The site's facts are read once (not timed); the engine is timed alone. The baseline
 * is what the plan preflight already does for the same plan: {@link PlanRules} evaluated once over
 * the placed plan (every single-VM rule per machine plus the plan rules).
 */
final class PlacementScale {

  static final String PLAN = "rp-bench";
  static final int WARMUP = 3;

  private PlacementScale() {}

  static Row run(int machines, int targets, int runs) {
    SimulatedSite site =
        SimulatedSite.load(
            new ByteArrayInputStream(yaml(machines, targets).getBytes(StandardCharsets.UTF_8)),
            "bench-placement",
            SimulatedSite.Options.defaults());
    List<ReprotectRequest> empty = new ArrayList<>();
    for (int i = 0; i < machines; i++) {
      empty.add(new ReprotectRequest(vm(i), null, null, null, null, null, null, false, PLAN));
    }
    RecoveryPlanRequest plan = new RecoveryPlanRequest(PLAN, empty, null, null);
    long t0 = System.nanoTime();
    PlacementFacts facts = PlacementFacts.read(site, site, HeldSlots.NONE, plan);
    double readMs = (System.nanoTime() - t0) / 1e6;

    Placement placement = null;
    List<Double> placeMs = new ArrayList<>();
    for (int i = 0; i < WARMUP + runs; i++) {
      double[] took = new double[1];
      placement = time(() -> PlacementEngine.place(facts), took);
      if (i >= WARMUP) {
        placeMs.add(took[0]);
      }
    }
    if (!placement.placed()) {
      throw new IllegalStateException(
          "P6: the bench inventory could not be placed: " + placement.violations());
    }
    List<ReprotectRequest> filled = new ArrayList<>();
    for (MachinePlacement m : placement.machines()) {
      filled.add(
          new ReprotectRequest(
              m.replicatedItem(),
              m.masterTarget(),
              m.processServer(),
              m.datastore(),
              m.retentionDrive(),
              null,
              null,
              false,
              PLAN));
    }
    PlanFacts planFacts =
        PlanFacts.read(site, site, new RecoveryPlanRequest(PLAN, filled, null, null));
    PreflightReport report = null;
    List<Double> rulesMs = new ArrayList<>();
    for (int i = 0; i < WARMUP + runs; i++) {
      double[] took = new double[1];
      report = time(() -> PlanRules.evaluate(planFacts), took);
      if (i >= WARMUP) {
        rulesMs.add(took[0]);
      }
    }
    double ours = Stats.median(placeMs);
    double baseline = Stats.median(rulesMs);
    int assigned = placement.masterTargets().stream().mapToInt(t -> t.disksAssigned()).sum();
    int free = placement.masterTargets().stream().mapToInt(t -> t.capacity() - t.disksHeld()).sum();
    return Row.of(
            "P6",
            Stats.f(
                "placement of a %,d-machine plan over %d master targets, no values given "
                    + "(median of %d); baseline: PlanRules once over the placed plan",
                machines, targets, runs),
            Stats.ms(ours),
            Stats.ms(baseline),
            ours / baseline,
            "< 1 s",
            ours < 1_000)
        .with("machines", machines)
        .with("masterTargets", targets)
        .with("placeMedianMs", Stats.round(ours, 1))
        .with("placeWorstMs", Stats.round(Stats.percentile(placeMs, 100), 1))
        .with("planRulesMedianMs", Stats.round(baseline, 1))
        .with("factsReadMs", Stats.round(readMs, 1))
        .with("disksAssigned", assigned)
        .with("freeSlotsBefore", free)
        .with("proposalPassesPlanRules", report.violations().isEmpty());
  }

  private static <T> T time(Supplier<T> work, double[] ms) {
    long t0 = System.nanoTime();
    T result = work.get();
    ms[0] = (System.nanoTime() - t0) / 1e6;
    return result;
  }

  static String vm(int i) {
    return String.format("pvm-%05d", i);
  }

  static String yaml(int machines, int targets) {
    StringBuilder y = new StringBuilder(machines * 300);
    y.append(
            "network: { siteToSiteVpn: true, expressRoutePrivatePeering: false, closedPorts: [] }\n")
        .append("configServer: { reachable: true }\n")
        .append(
            "vcenters:\n  - { name: vc-01, connected: true, discovered: true, readOnlyAccount: false }\n")
        .append("hosts:\n");
    for (int h = 1; h <= 2; h++) {
      y.append("  - { name: esx-0")
          .append(h)
          .append(", type: ESXI, version: \"8.0.2\", licence: PAID, vcenter: vc-01, ")
          .append(
              "datastores: [ { name: vmfs-01, access: READ_WRITE }, { name: vsan-01, access: READ_WRITE }, ")
          .append("{ name: nfs-01, access: READ_WRITE } ] }\n");
    }
    y.append("datastores:\n  - { name: vmfs-01, type: VMFS, capacity: 500TiB }\n")
        .append("  - { name: vsan-01, type: VSAN, capacity: 800TiB }\n")
        .append("  - { name: nfs-01, type: NFS, capacity: 100TiB }\n")
        .append("processServers:\n  - { name: ps-azure-01, location: AZURE, heartbeat: true }\n")
        .append("  - { name: ps-azure-02, location: AZURE, heartbeat: true }\n")
        .append("  - { name: ps-onprem-01, location: ONPREM, heartbeat: true }\n")
        .append("masterTargets:\n");
    for (int m = 0; m < targets; m++) {
      boolean linux = m % 2 == 1;
      String mt = String.format("pmt-%03d", m);
      y.append("  - name: ")
          .append(mt)
          .append("\n    os: ")
          .append(linux ? "LINUX" : "WINDOWS")
          .append("\n    host: esx-0")
          .append(1 + (m / 2) % 2)
          .append("\n")
          .append("    disks: [ { name: ")
          .append(mt)
          .append("_0, datastore: vmfs-01, size: 100GiB } ]\n")
          .append("    attachedDisks: [ { replicatedItem: elsewhere-")
          .append(m)
          .append(", count: 2 } ]\n")
          .append("    volumes:\n")
          .append(
              linux
                  ? "      - { path: /, fileSystem: ext4, capacity: 100GiB, use: INSTALL }\n"
                  : "      - { path: \"C:\", fileSystem: NTFS, capacity: 100GiB, use: INSTALL }\n")
          .append("      - { path: ")
          .append(linux ? "/mnt/retention" : "\"R:\"")
          .append(", fileSystem: ")
          .append(linux ? "ext4" : "NTFS")
          .append(", capacity: 100TiB, addedAgo: 90d }\n");
    }
    StringBuilder vms = new StringBuilder("vms:\n");
    StringBuilder replicas = new StringBuilder("replicas:\n");
    for (int i = 0; i < machines; i++) {
      String vm = vm(i);
      String os = i % 2 == 1 ? "LINUX" : "WINDOWS";
      int disks = i % 20 >= 18 ? 2 : 1;
      boolean onPrem = i % 5 != 4;
      // Groups of four machines of one OS: i, i+2, i+4, i+6 for every hundredth i and its
      // neighbour.
      int base = i - i % 100;
      String group = i - base < 8 ? "rg-" + base + "-" + (i % 2) : null;
      replicas
          .append("  - name: ")
          .append(vm)
          .append("\n    os: ")
          .append(os)
          .append("\n    osVersion: bench\n    sourceVCenter: vc-01\n    recoveryPlan: ")
          .append(PLAN)
          .append('\n');
      if (group != null) {
        replicas.append("    replicationGroup: ").append(group).append('\n');
      }
      StringBuilder diskList = new StringBuilder();
      for (int d = 0; d < disks; d++) {
        diskList
            .append(d == 0 ? "" : ", ")
            .append("{ name: ")
            .append(vm)
            .append('_')
            .append(d)
            .append(onPrem ? ", datastore: " + (i % 3 == 0 ? "vsan-01" : "vmfs-01") : "")
            .append(", size: 40GiB }");
      }
      if (onPrem) {
        vms.append("  - { name: ")
            .append(vm)
            .append(", os: ")
            .append(os)
            .append(", host: esx-0")
            .append(1 + i % 2)
            .append(", power: POWERED_OFF, disks: [ ")
            .append(diskList)
            .append(" ] }\n");
      } else {
        replicas.append("    disks: [ ").append(diskList).append(" ]\n");
      }
    }
    return y.append(vms).append(replicas).toString();
  }
}
