package dev.reprotect.placement;

import static dev.reprotect.capacity.SlotsLedger.MASTER_TARGET_DISK_LIMIT;
import static dev.reprotect.placement.PlacementMessages.given;

import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.preflight.PreflightFacts.Fact;
import dev.reprotect.preflight.PreflightRules;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.AzureSide.ProcessServer;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.site.OnPremSite.Volume;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Proposes every machine's master target, process server, datastore and retention drive: pure code,
 * facts in, {@link Placement} out. A pair (machine, master target) is eligible when the single-VM
 * rules of {@link PreflightRules} that depend on the master target, its host, datastore and
 * retention drive find nothing on it; replication groups then go to one master target each and the
 * 60-disk limit (counting what machines outside the plan hold or reserved) is kept by a greedy that
 * puts the largest units first on the eligible master target with the most free slots, with an
 * exact backtracking search behind it, so a plan is refused only when no assignment exists (or the
 * search runs past {@link #SEARCH_BUDGET} steps, which the refusal then says). Values the request
 * gives are kept as constraints. A refusal names, per machine, the constraint that cannot be met
 * and the smallest change that fixes it.
 */
public final class PlacementEngine {

  /**
   * Steps of the backtracking search (per set of units sharing candidates) before it gives up;
   * small plans never come near it.
   */
  static final int SEARCH_BUDGET = 100_000;

  /** The rules a choice of master target, datastore or retention drive can break. */
  static final Set<Rule> PLACEMENT_RULES =
      EnumSet.of(
          Rule.MT_HAS_SNAPSHOTS,
          Rule.MT_OS_MISMATCH,
          Rule.MT_PARAVIRTUAL_SCSI,
          Rule.MT_NO_VMWARE_TOOLS,
          Rule.MT_DISK_ENABLEUUID,
          Rule.MT_NO_VMFS_DATASTORE,
          Rule.MT_DISK_LIMIT,
          Rule.DISK_UUID_CLASH,
          Rule.DATASTORE_REQUIRED,
          Rule.DATASTORE_NFS_UNSUPPORTED,
          Rule.DATASTORE_NOT_ACCESSIBLE,
          Rule.RETENTION_DRIVE_INVALID,
          Rule.RETENTION_DRIVE_NOT_VISIBLE,
          Rule.TARGET_NOT_ESXI,
          Rule.FREE_ESXI_EDITION,
          Rule.ALTERNATE_VCENTER_NOT_DISCOVERED,
          Rule.VCENTER_READ_ONLY_ACCOUNT,
          Rule.VCENTER_DISCONNECTED);

  private PlacementEngine() {}

  public static Placement place(PlacementFacts facts) {
    return new Run(facts).place();
  }

  private static final class Run {
    private final PlacementFacts facts;
    private final Instant now;
    private final List<Machine> machines = new ArrayList<>();
    private final List<Target> targets = new ArrayList<>();
    private final List<Violation> unmet = new ArrayList<>();
    private boolean[][] eligible;
    private PlacementRefusals refusals;

    Run(PlacementFacts facts) {
      this.facts = facts;
      this.now =
          facts.machines().stream()
              .map(PreflightFacts::siteNow)
              .filter(Objects::nonNull)
              .findFirst()
              .orElse(null);
    }

    Placement place() {
      if (!facts.faults().isEmpty()) {
        return refused(facts.faults());
      }
      readTargets();
      readMachines();
      eligible = new boolean[machines.size()][targets.size()];
      for (Machine m : machines) {
        String given = m.request().masterTarget();
        for (Target t : targets) {
          // A master target the request gives is the only one the machine may take.
          eligible[m.index()][t.index] =
              (given == null || given.equals(t.name())) && pairViolations(m, t).isEmpty();
        }
      }
      refusals = new PlacementRefusals(facts, targets, eligible, this::pairViolations, unmet);
      Map<String, String> processServers = chooseProcessServers();
      List<Unit> units = units();
      List<Unit> placeable = new ArrayList<>();
      for (Unit unit : units) {
        if (eligibleTargets(unit).isEmpty()) {
          refusals.ineligible(unit, units);
        } else if (unit.disks() > MASTER_TARGET_DISK_LIMIT) {
          refusals.tooLarge(unit);
        } else {
          placeable.add(unit);
        }
      }
      Map<Unit, Target> chosen = pack(placeable);
      if (!unmet.isEmpty() || chosen == null) {
        return refused(unmet);
      }
      return placed(chosen, processServers);
    }

    // ---- Facts. ----

    private void readTargets() {
      for (MasterTarget mt : facts.masterTargets()) {
        Host host = facts.hosts().get(mt.host());
        List<String> datastores = new ArrayList<>();
        facts.datastores().values().stream()
            .filter(
                d ->
                    PreflightRules.datastoreViolations("", d.name(), d, mt, host).isEmpty()
                        && (host == null || host.mount(d.name()).isPresent()))
            .sorted(Comparator.comparingLong(Datastore::capacityBytes).reversed())
            .forEach(d -> datastores.add(d.name()));
        List<String> retention = new ArrayList<>();
        String usual = PreflightRules.defaultRetentionDrive(mt.os());
        mt.volumes().stream()
            .filter(v -> PreflightRules.retentionDriveViolations("", v.path(), mt, now).isEmpty())
            .map(Volume::path)
            .sorted(Comparator.comparing((String path) -> !path.equals(usual)))
            .forEach(retention::add);
        targets.add(
            new Target(
                targets.size(),
                mt,
                host,
                facts.held().getOrDefault(mt.name(), 0),
                datastores,
                retention));
      }
    }

    private void readMachines() {
      for (PreflightFacts f : facts.machines()) {
        ReprotectRequest r = f.request();
        OsType os =
            f.replica() != null
                ? f.replica().os()
                : f.onPremVm() != null ? f.onPremVm().os() : null;
        RecoveryLocation location = PreflightRules.location(r, f.onPremVm());
        List<VirtualDisk> disks = PreflightRules.vmDisks(f.onPremVm(), f.replica(), location);
        List<String> own = new ArrayList<>();
        if (location == RecoveryLocation.ORIGINAL && f.onPremVm() != null) {
          f.onPremVm().disks().stream()
              .map(VirtualDisk::datastore)
              .filter(Objects::nonNull)
              .distinct()
              .forEach(own::add);
        }
        Set<String> baseline = new HashSet<>();
        for (Violation v :
            PreflightRules.evaluate(withTarget(f, r, null, null, null, null)).violations()) {
          baseline.add(key(v));
        }
        machines.add(
            new Machine(
                machines.size(),
                f,
                r,
                os,
                location,
                disks.size(),
                f.replica() == null ? null : f.replica().replicationGroup(),
                baseline,
                own));
      }
    }

    // ---- Rules of one pair. ----

    /** What keeps this machine off this master target, with the values it would get there. */
    private List<Violation> pairViolations(Machine m, Target t) {
      String datastore = datastoreFor(m, t, null);
      if (datastore == null) {
        return List.of(
            Violation.of(
                Rule.DATASTORE_NOT_ACCESSIBLE,
                m.item(),
                "master target " + t.name() + "'s host " + t.mt.host() + " mounts no datastore"));
      }
      PreflightFacts there =
          withTarget(m.facts(), m.request(), t.mt, t.host, datastore, retentionFor(m, t));
      List<Violation> found = new ArrayList<>();
      for (Violation v : PreflightRules.evaluate(there).violations()) {
        if (PLACEMENT_RULES.contains(v.rule()) && !m.baseline().contains(key(v))) {
          found.add(v);
        }
      }
      return found;
    }

    /**
     * The machine's facts with these values; the process server is left unread (it does not depend
     * on the master target and is chosen apart), and no fault of the first read counts.
     */
    private PreflightFacts withTarget(
        PreflightFacts f,
        ReprotectRequest r,
        MasterTarget mt,
        Host host,
        String datastore,
        String retention) {
      ReprotectRequest values =
          new ReprotectRequest(
              r.replicatedItem(),
              mt == null ? null : mt.name(),
              null,
              datastore,
              retention,
              r.recoveryLocation(),
              r.direction(),
              r.failbackPolicyGiven(),
              r.plan());
      Set<Fact> unread = EnumSet.noneOf(Fact.class);
      unread.addAll(f.unread());
      unread.removeAll(EnumSet.of(Fact.MASTER_TARGET, Fact.DATASTORES, Fact.VCENTERS));
      unread.add(Fact.PROCESS_SERVER);
      return new PreflightFacts(
          values,
          f.siteNow(),
          f.replica(),
          f.onPremVm(),
          f.vmHost(),
          mt,
          host,
          facts.datastores(),
          facts.vcenters(),
          null,
          f.network(),
          f.closedPorts(),
          f.configServerReachable(),
          f.vmInConfigServer(),
          List.of(),
          unread);
    }

    /**
     * The request's datastore, else for original-location recovery the VM's own where the master
     * target's host can use it, else the usable one with the least of the plan's disks on it.
     */
    private String datastoreFor(Machine m, Target t, Map<String, Long> load) {
      if (m.request().datastore() != null) {
        return m.request().datastore();
      }
      for (String own : m.ownDatastores()) {
        if (t.datastores.contains(own)) {
          return own;
        }
      }
      if (t.datastores.isEmpty()) {
        // Nothing usable: the first the host mounts, so the rules name what is wrong with it.
        return t.host == null || t.host.mounts().isEmpty()
            ? null
            : t.host.mounts().get(0).datastore();
      }
      if (load == null) {
        return t.datastores.get(0);
      }
      return t.datastores.stream()
          .min(
              Comparator.comparingDouble(
                  (String d) ->
                      (double) load.getOrDefault(d, 0L)
                          / Math.max(1L, facts.datastores().get(d).capacityBytes())))
          .orElseThrow();
    }

    private String retentionFor(Machine m, Target t) {
      if (m.request().retentionDrive() != null) {
        return m.request().retentionDrive();
      }
      return t.retention.isEmpty()
          ? PreflightRules.defaultRetentionDrive(t.mt.os())
          : t.retention.get(0);
    }

    // ---- Process servers. ----

    /**
     * Each machine's process server: the request's (it must have a heartbeat), else one with a
     * heartbeat, one in Azure first where the only path back is a S2S VPN, the least used first.
     */
    private Map<String, String> chooseProcessServers() {
      Map<String, String> chosen = new LinkedHashMap<>();
      Map<String, Integer> used = new LinkedHashMap<>();
      List<ProcessServer> usable = new ArrayList<>();
      List<ProcessServer> preferred = new ArrayList<>();
      var network = facts.machines().isEmpty() ? null : facts.machines().get(0).network();
      for (ProcessServer ps : facts.processServers()) {
        List<Violation> found = PreflightRules.processServerViolations("", ps.name(), ps, network);
        if (found.stream().noneMatch(Violation::blocking)) {
          usable.add(ps);
          if (found.isEmpty()) {
            preferred.add(ps);
          }
        }
      }
      List<ProcessServer> pool = preferred.isEmpty() ? usable : preferred;
      for (Machine m : machines) {
        String given = m.request().processServer();
        if (given != null) {
          ProcessServer ps =
              facts.processServers().stream()
                  .filter(p -> p.name().equals(given))
                  .findFirst()
                  .orElse(null);
          for (Violation v : PreflightRules.processServerViolations(m.item(), given, ps, network)) {
            if (v.blocking()) {
              unmet.add(
                  new Violation(
                      v.rule(),
                      v.message(),
                      v.fix() + "; or leave processServer out and placement chooses one",
                      m.item()));
            }
          }
          chosen.put(m.item(), given);
          used.merge(given, 1, Integer::sum);
          continue;
        }
        if (pool.isEmpty()) {
          unmet.add(
              new Violation(
                  Rule.PROCESS_SERVER_UNREACHABLE,
                  "no process server has a heartbeat with the configuration server ("
                      + (facts.processServers().isEmpty()
                          ? "none is registered"
                          : facts.processServers().stream().map(ProcessServer::name).toList()
                              + " have none")
                      + ")",
                  "deploy a process server in Azure, or restore the heartbeat of one",
                  m.item()));
          continue;
        }
        ProcessServer least =
            pool.stream()
                .min(Comparator.comparingInt((ProcessServer p) -> used.getOrDefault(p.name(), 0)))
                .orElseThrow();
        chosen.put(m.item(), least.name());
        used.merge(least.name(), 1, Integer::sum);
      }
      return chosen;
    }

    // ---- Units and their master targets. ----

    /** The plan's replication groups (their plan members) and its other machines, one unit each. */
    private List<Unit> units() {
      Map<String, List<Machine>> byGroup = new LinkedHashMap<>();
      List<Unit> units = new ArrayList<>();
      for (Machine m : machines) {
        if (m.group() != null) {
          byGroup.computeIfAbsent(m.group(), g -> new ArrayList<>()).add(m);
        } else {
          units.add(new Unit(null, List.of(m), m.disks(), m.os()));
        }
      }
      byGroup.forEach(
          (group, members) ->
              units.add(
                  new Unit(
                      group,
                      List.copyOf(members),
                      members.stream().mapToInt(Machine::disks).sum(),
                      members.get(0).os())));
      return units;
    }

    private List<Target> eligibleTargets(Unit unit) {
      List<Target> out = new ArrayList<>();
      for (Target t : targets) {
        boolean all = true;
        for (Machine m : unit.members()) {
          all &= eligible[m.index()][t.index];
        }
        if (all) {
          out.add(t);
        }
      }
      return out;
    }

    /** Greedy first (largest units, most free slots); an exact search when it leaves one out. */
    private Map<Unit, Target> pack(List<Unit> units) {
      List<Unit> order = new ArrayList<>(units);
      Map<Unit, List<Target>> candidates = new LinkedHashMap<>();
      order.forEach(u -> candidates.put(u, eligibleTargets(u)));
      order.sort(
          Comparator.comparingInt(Unit::disks)
              .reversed()
              .thenComparingInt(u -> candidates.get(u).size()));
      Map<Unit, Target> chosen = new LinkedHashMap<>();
      List<Unit> left = new ArrayList<>();
      for (Unit unit : order) {
        Target best = null;
        for (Target t : candidates.get(unit)) {
          if (t.free() >= unit.disks() && (best == null || t.free() > best.free())) {
            best = t;
          }
        }
        if (best == null) {
          left.add(unit);
        } else {
          best.assigned += unit.disks();
          chosen.put(unit, best);
        }
      }
      if (left.isEmpty()) {
        return chosen;
      }
      // The greedy left some out. Units and master targets that share no candidate with the
      // others are apart: where the greedy placed a part whole, keep it; search the others through
      // every assignment (most constrained units first).
      order.sort(
          Comparator.comparingInt((Unit u) -> candidates.get(u).size())
              .thenComparing(Comparator.comparingInt(Unit::disks).reversed()));
      Set<Unit> unplaced = new HashSet<>(left);
      Map<Unit, Target> exact = new LinkedHashMap<>();
      boolean found = true;
      ExactSearch search = new ExactSearch(targets);
      for (List<Unit> part : search.components(order, candidates)) {
        if (part.stream().noneMatch(unplaced::contains)) {
          part.forEach(u -> exact.put(u, chosen.get(u)));
          continue;
        }
        part.stream().filter(chosen::containsKey).forEach(u -> chosen.get(u).assigned -= u.disks());
        if (!search.search(part, candidates, exact)) {
          found = false;
          // Refuse: put the greedy's choice for this part back to count what is missing.
          part.stream()
              .filter(chosen::containsKey)
              .forEach(u -> chosen.get(u).assigned += u.disks());
          refusals.capacity(
              left.stream().filter(part::contains).toList(), candidates, !search.exhausted());
        }
      }
      return found ? exact : null;
    }

    private Placement refused(List<Violation> violations) {
      return new Placement(facts.request().plan(), List.of(), loads(), List.copyOf(violations));
    }

    private Placement placed(Map<Unit, Target> chosen, Map<String, String> processServers) {
      Map<String, Long> load = new LinkedHashMap<>();
      Map<String, MachinePlacement> byItem = new LinkedHashMap<>();
      Target[] targetOf = new Target[machines.size()];
      chosen.forEach((unit, target) -> unit.members().forEach(m -> targetOf[m.index()] = target));
      for (Machine m : machines) {
        Target t = targetOf[m.index()];
        String datastore = datastoreFor(m, t, load);
        if (m.location() == RecoveryLocation.ALTERNATE && datastore != null) {
          long bytes =
              PreflightRules.vmDisks(m.facts().onPremVm(), m.facts().replica(), m.location())
                  .stream()
                  .mapToLong(VirtualDisk::sizeBytes)
                  .sum();
          load.merge(datastore, bytes, Long::sum);
        }
        byItem.put(
            m.item(),
            new MachinePlacement(
                m.item(),
                t.name(),
                processServers.get(m.item()),
                datastore,
                retentionFor(m, t),
                m.location(),
                given(m.request())));
      }
      List<MachinePlacement> ordered = new ArrayList<>();
      Set<String> seen = new HashSet<>();
      for (ReprotectRequest r : facts.request().machines()) {
        if (seen.add(r.replicatedItem())) {
          ordered.add(byItem.get(r.replicatedItem()));
        }
      }
      return new Placement(facts.request().plan(), ordered, loads(), List.of());
    }

    private List<MasterTargetLoad> loads() {
      return targets.stream()
          .map(
              t ->
                  new MasterTargetLoad(
                      t.name(), t.mt.os(), t.held, t.assigned, MASTER_TARGET_DISK_LIMIT))
          .toList();
    }
  }

  private static String key(Violation v) {
    return v.rule().name() + "|" + v.message();
  }
}
