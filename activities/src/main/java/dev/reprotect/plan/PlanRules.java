package dev.reprotect.plan;

import static dev.reprotect.capacity.SlotsLedger.MASTER_TARGET_DISK_LIMIT;

import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.PreflightRules;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.OnPremSite.AttachedDisk;
import dev.reprotect.site.OnPremSite.MasterTarget;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Every rule of a recovery plan as a pure function: facts in, report out, no I/O. The plan rules
 * (PLAN_VALUES_MISSING, GROUP_REQUIRES_RECOVERY_PLAN for a group member left out of the plan,
 * GROUP_MIXED_OS, GROUP_MULTIPLE_MASTER_TARGETS, MT_DISK_LIMIT summed per master target) come
 * first, then every single-VM rule of {@link PreflightRules} for each machine in plan order; all at
 * once, each violation naming its machine.
 *
 * <p>No cause is reported twice: a machine's own MT_DISK_LIMIT is left to the plan's sum (which
 * counts that machine too and names it when it is beyond the limit), and a value the plan lacks
 * (PLAN_VALUES_MISSING) is not reported again as DATASTORE_REQUIRED, PROCESS_SERVER_NOT_REGISTERED
 * ("no process server given") or ALTERNATE_VCENTER_NOT_DISCOVERED ("no master target given").
 */
public final class PlanRules {

  /** How many machines a message lists before it says "and N more". */
  static final int NAMES_SHOWN = 10;

  private PlanRules() {}

  public static PreflightReport evaluate(PlanFacts facts) {
    List<Violation> found = new ArrayList<>(facts.faults());
    found.addAll(valuesMissing(facts));
    found.addAll(groupViolations(facts));
    found.addAll(diskLimit(facts));
    for (PreflightFacts machine : facts.machines()) {
      found.addAll(singleVm(machine));
    }
    List<Violation> blocking = found.stream().filter(Violation::blocking).toList();
    List<Violation> warnings = found.stream().filter(v -> !v.blocking()).toList();
    return new PreflightReport(blocking.isEmpty(), blocking, warnings, null);
  }

  /**
   * PLAN_VALUES_MISSING: a plan needs every value for every machine, the retention drive included
   * (a single VM may leave it to the OS default; a plan may not), each machine once, and at least
   * one machine.
   */
  static List<Violation> valuesMissing(PlanFacts facts) {
    List<Violation> found = new ArrayList<>();
    String plan = facts.request().plan();
    if (facts.machines().isEmpty()) {
      found.add(
          Violation.of(
              Rule.PLAN_VALUES_MISSING, null, "recovery plan " + plan + " lists no machines"));
    }
    for (String twice : facts.duplicates()) {
      found.add(
          Violation.of(
              Rule.PLAN_VALUES_MISSING,
              twice,
              twice
                  + " is listed more than once in recovery plan "
                  + plan
                  + "; give its values once"));
    }
    for (PreflightFacts machine : facts.machines()) {
      ReprotectRequest r = machine.request();
      List<String> missing = missing(r);
      if (!missing.isEmpty()) {
        found.add(
            Violation.of(
                Rule.PLAN_VALUES_MISSING,
                r.replicatedItem(),
                r.replicatedItem()
                    + " has no "
                    + String.join(", ", missing)
                    + " in recovery plan "
                    + plan));
      }
    }
    return found;
  }

  private static List<String> missing(ReprotectRequest r) {
    List<String> missing = new ArrayList<>();
    if (blank(r.masterTarget())) missing.add("master target");
    if (blank(r.processServer())) missing.add("process server");
    if (blank(r.datastore())) missing.add("datastore");
    if (blank(r.retentionDrive())) missing.add("retention drive");
    return missing;
  }

  /**
   * The replication groups the plan touches. A member the inventory lists but the plan leaves out
   * is GROUP_REQUIRES_RECOVERY_PLAN, naming that member: it can be reprotected only through a plan,
   * and without it the group has no common point in time. Members whose OS or master target differs
   * from the group's most common one (ties: the first member's) are GROUP_MIXED_OS and
   * GROUP_MULTIPLE_MASTER_TARGETS, each naming that member.
   */
  static List<Violation> groupViolations(PlanFacts facts) {
    List<Violation> found = new ArrayList<>();
    String plan = facts.request().plan();
    Map<String, PreflightFacts> inPlan = new LinkedHashMap<>();
    facts.machines().forEach(m -> inPlan.put(m.request().replicatedItem(), m));
    for (var group : facts.groups().entrySet()) {
      String name = group.getKey();
      Map<String, OsType> members = group.getValue();
      List<String> planMembers = members.keySet().stream().filter(inPlan::containsKey).toList();
      if (planMembers.isEmpty()) {
        continue;
      }
      for (String member : members.keySet()) {
        if (!inPlan.containsKey(member)) {
          found.add(
              Violation.of(
                  Rule.GROUP_REQUIRES_RECOVERY_PLAN,
                  member,
                  member
                      + " is in replication group "
                      + name
                      + " with "
                      + names(planMembers)
                      + " but not in recovery plan "
                      + plan
                      + "; a group reprotects as a whole, through one plan"));
        }
      }
      found.addAll(mixedOs(name, members));
      Map<String, String> targets = new LinkedHashMap<>();
      for (String member : planMembers) {
        String mt = inPlan.get(member).request().masterTarget();
        if (!blank(mt)) {
          targets.put(member, mt);
        }
      }
      String shared = mostCommon(targets.values(), Function.identity());
      for (var member : targets.entrySet()) {
        if (!member.getValue().equals(shared)) {
          found.add(
              Violation.of(
                  Rule.GROUP_MULTIPLE_MASTER_TARGETS,
                  member.getKey(),
                  member.getKey()
                      + " uses master target "
                      + member.getValue()
                      + " but the rest of replication group "
                      + name
                      + " uses "
                      + shared
                      + "; one master target gives the group a common point in time"));
        }
      }
    }
    return found;
  }

  /**
   * GROUP_MIXED_OS, the catalogue's one meaning (also placement's): each member whose OS differs
   * from the group's most common one (ties: the first member's), naming that member.
   */
  public static List<Violation> mixedOs(String group, Map<String, OsType> members) {
    List<Violation> found = new ArrayList<>();
    OsType usual = mostCommon(members.values(), Function.identity());
    List<String> usualMembers =
        members.entrySet().stream()
            .filter(e -> e.getValue() == usual)
            .map(Map.Entry::getKey)
            .toList();
    for (var member : members.entrySet()) {
      if (usual != null && member.getValue() != null && member.getValue() != usual) {
        found.add(
            Violation.of(
                Rule.GROUP_MIXED_OS,
                member.getKey(),
                member.getKey()
                    + " runs "
                    + member.getValue()
                    + " but replication group "
                    + group
                    + " is "
                    + usual
                    + " ("
                    + names(usualMembers)
                    + ")"));
      }
    }
    return found;
  }

  /**
   * MT_DISK_LIMIT over the whole plan: for each master target, the disks it holds for machines
   * outside the plan plus every plan machine's disks on it (a plan machine's disks already attached
   * count once, as its own). When that passes 60, each machine (in plan order) whose disks fall
   * beyond the 60th slot gets a violation naming it (a machine whose disks are unknown adds none).
   */
  static List<Violation> diskLimit(PlanFacts facts) {
    List<Violation> found = new ArrayList<>();
    Set<String> planItems = new HashSet<>();
    facts.machines().forEach(m -> planItems.add(m.request().replicatedItem()));
    Map<String, MasterTarget> targets = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> disksPerTarget = new LinkedHashMap<>();
    for (PreflightFacts m : facts.machines()) {
      MasterTarget mt = m.masterTarget();
      if (mt == null) {
        continue;
      }
      targets.putIfAbsent(mt.name(), mt);
      int disks =
          PreflightRules.vmDisks(
                  m.onPremVm(), m.replica(), PreflightRules.location(m.request(), m.onPremVm()))
              .size();
      disksPerTarget
          .computeIfAbsent(mt.name(), k -> new LinkedHashMap<>())
          .put(m.request().replicatedItem(), disks);
    }
    for (var entry : disksPerTarget.entrySet()) {
      MasterTarget mt = targets.get(entry.getKey());
      long held =
          mt.attachedDisks().stream()
              .map(AttachedDisk::replicatedItem)
              .filter(item -> item == null || !planItems.contains(item))
              .count();
      Map<String, Integer> plan = entry.getValue();
      long total = held + plan.values().stream().mapToLong(Integer::longValue).sum();
      if (total <= MASTER_TARGET_DISK_LIMIT) {
        continue;
      }
      String sum =
          plan.entrySet().stream()
                  .limit(NAMES_SHOWN)
                  .map(e -> e.getKey() + ": " + e.getValue())
                  .reduce((a, b) -> a + ", " + b)
                  .orElse("")
              + (plan.size() > NAMES_SHOWN
                  ? " and " + (plan.size() - NAMES_SHOWN) + " more machines"
                  : "");
      long running = held;
      for (var machine : plan.entrySet()) {
        running += machine.getValue();
        if (running > MASTER_TARGET_DISK_LIMIT && machine.getValue() > 0) {
          found.add(
              Violation.of(
                  Rule.MT_DISK_LIMIT,
                  machine.getKey(),
                  "master target "
                      + mt.name()
                      + " holds "
                      + held
                      + " disks for other machines and recovery plan "
                      + facts.request().plan()
                      + " puts "
                      + (total - held)
                      + " on it ("
                      + sum
                      + "): "
                      + total
                      + " in all, more than "
                      + MASTER_TARGET_DISK_LIMIT
                      + "; "
                      + machine.getKey()
                      + "'s "
                      + machine.getValue()
                      + " disks are beyond the limit"));
        }
      }
    }
    return found;
  }

  /** Every single-VM rule for one machine, without what the plan rules already report. */
  static List<Violation> singleVm(PreflightFacts machine) {
    ReprotectRequest r = machine.request();
    Set<Rule> coveredByPlan = EnumSet.of(Rule.MT_DISK_LIMIT);
    if (blank(r.masterTarget())) coveredByPlan.add(Rule.ALTERNATE_VCENTER_NOT_DISCOVERED);
    if (blank(r.processServer())) coveredByPlan.add(Rule.PROCESS_SERVER_NOT_REGISTERED);
    if (blank(r.datastore())) coveredByPlan.add(Rule.DATASTORE_REQUIRED);
    PreflightReport report = PreflightRules.evaluate(machine);
    List<Violation> found = new ArrayList<>();
    report.violations().stream().filter(v -> !coveredByPlan.contains(v.rule())).forEach(found::add);
    found.addAll(report.warnings());
    return found;
  }

  private static <T> T mostCommon(Iterable<T> values, Function<T, T> key) {
    Map<T, Integer> counts = new LinkedHashMap<>();
    for (T v : values) {
      if (v != null) counts.merge(key.apply(v), 1, Integer::sum);
    }
    T best = null;
    int most = 0;
    for (var e : counts.entrySet()) {
      if (e.getValue() > most) {
        best = e.getKey();
        most = e.getValue();
      }
    }
    return best;
  }

  private static String names(List<String> names) {
    return names.size() <= NAMES_SHOWN
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, NAMES_SHOWN))
            + " and "
            + (names.size() - NAMES_SHOWN)
            + " more";
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
