package dev.reprotect.placement;

import static dev.reprotect.capacity.SlotsLedger.MASTER_TARGET_DISK_LIMIT;
import static dev.reprotect.placement.PlacementMessages.addTargets;
import static dev.reprotect.placement.PlacementMessages.deploy;
import static dev.reprotect.placement.PlacementMessages.names;

import dev.reprotect.inventory.OsType;
import dev.reprotect.plan.PlanRules;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Explains a refused placement: per machine, the constraint that cannot be met and the smallest
 * change that fixes it. Apart from {@link PlacementEngine} so the search and the wording of its
 * refusals each have a file; it only adds to the run's list of unmet constraints.
 */
final class PlacementRefusals {
  private final PlacementFacts facts;
  private final List<Target> targets;
  private final boolean[][] eligible;
  private final BiFunction<Machine, Target, List<Violation>> pairViolations;
  private final List<Violation> unmet;

  /**
   * @param eligible whether machine {@code [i]} may take master target {@code [j]} on its own
   * @param pairViolations what keeps a machine off a master target
   * @param unmet where the explanations go
   */
  PlacementRefusals(
      PlacementFacts facts,
      List<Target> targets,
      boolean[][] eligible,
      BiFunction<Machine, Target, List<Violation>> pairViolations,
      List<Violation> unmet) {
    this.facts = facts;
    this.targets = targets;
    this.eligible = eligible;
    this.pairViolations = pairViolations;
    this.unmet = unmet;
  }

  /** No master target suits this unit, whatever the others do. */
  void ineligible(Unit unit, List<Unit> units) {
    if (unit.group() != null) {
      // The plan rules' meaning of GROUP_MIXED_OS: the members that differ from the group's OS.
      Map<String, OsType> members =
          new LinkedHashMap<>(facts.groups().getOrDefault(unit.group(), Map.of()));
      unit.members().forEach(m -> members.put(m.item(), m.os()));
      List<Violation> mixed = PlanRules.mixedOs(unit.group(), members);
      if (!mixed.isEmpty()) {
        unmet.addAll(mixed);
        return;
      }
      Set<String> given = new LinkedHashSet<>();
      unit.members()
          .forEach(
              m -> {
                if (m.request().masterTarget() != null) given.add(m.request().masterTarget());
              });
      if (given.size() > 1) {
        for (Machine m : unit.members()) {
          unmet.add(
              new Violation(
                  Rule.GROUP_MULTIPLE_MASTER_TARGETS,
                  "the request gives replication group "
                      + unit.group()
                      + " master targets "
                      + given
                      + "; its members must share one",
                  "give every member of "
                      + unit.group()
                      + " the same master target, or leave masterTarget out",
                  m.item()));
        }
        return;
      }
      boolean eachAlone = unit.members().stream().allMatch(m -> !alone(m).isEmpty());
      if (eachAlone) {
        List<String> options =
            unit.members().stream()
                .map(m -> m.item() + ": " + alone(m).stream().map(Target::name).toList())
                .toList();
        for (Machine m : unit.members()) {
          unmet.add(
              new Violation(
                  Rule.GROUP_MULTIPLE_MASTER_TARGETS,
                  "no one master target can take every member of replication group "
                      + unit.group()
                      + " ("
                      + String.join("; ", options)
                      + ")",
                  "make one "
                      + unit.os()
                      + " master target suit every member (its host mounting each member's "
                      + "datastores read/write), or deploy one with "
                      + unit.disks()
                      + " free disk slots that does",
                  m.item()));
        }
        return;
      }
    }
    for (Machine m : unit.members()) {
      if (alone(m).isEmpty()) {
        machine(m, units);
      }
    }
  }

  private List<Target> alone(Machine m) {
    return targets.stream().filter(t -> eligible[m.index()][t.index]).toList();
  }

  /** Why no master target suits this machine, and the smallest change that fixes it. */
  private void machine(Machine m, List<Unit> units) {
    String given = m.request().masterTarget();
    if (given != null) {
      Target t = targets.stream().filter(x -> x.name().equals(given)).findFirst().orElse(null);
      if (t == null) {
        unmet.add(
            new Violation(
                Rule.ALTERNATE_VCENTER_NOT_DISCOVERED,
                "master target "
                    + given
                    + " given for "
                    + m.item()
                    + " is not discovered in any vCenter",
                "discover it, or leave masterTarget out and placement chooses one",
                m.item()));
        return;
      }
      for (Violation v : pairViolations.apply(m, t)) {
        unmet.add(
            new Violation(
                v.rule(),
                v.message(),
                v.fix() + "; or leave masterTarget out and placement chooses one",
                m.item()));
      }
      return;
    }
    List<Target> sameOs =
        targets.stream().filter(t -> m.os() == null || t.mt.os() == m.os()).toList();
    if (sameOs.isEmpty()) {
      int slots = 0;
      List<String> alike = new ArrayList<>();
      for (Unit u : units) {
        if (u.os() == m.os() && u.members().stream().anyMatch(x -> alone(x).isEmpty())) {
          slots += u.disks();
          alike.addAll(u.items());
        }
      }
      unmet.add(
          new Violation(
              Rule.MT_OS_MISMATCH,
              targets.isEmpty()
                  ? "no master target is discovered for " + m.item()
                  : m.item()
                      + " runs "
                      + m.os()
                      + " but no master target does ("
                      + targets.stream().map(t -> t.name() + ": " + t.mt.os()).toList()
                      + ")",
              deploy(m.os(), slots, alike),
              m.item()));
      return;
    }
    // The master target of its OS closest to suiting it: fewest broken rules.
    Target closest = null;
    List<Violation> closestFound = null;
    for (Target t : sameOs) {
      List<Violation> found = pairViolations.apply(m, t);
      if (closestFound == null || found.size() < closestFound.size()) {
        closest = t;
        closestFound = found;
      }
    }
    String others =
        sameOs.size() > 1
            ? " ("
                + (sameOs.size() - 1)
                + " other "
                + m.os()
                + " master target(s) break more rules)"
            : "";
    for (Violation v : closestFound) {
      unmet.add(
          new Violation(
              v.rule(),
              "no " + m.os() + " master target can take " + m.item() + ": " + v.message() + others,
              "on "
                  + closest.name()
                  + ": "
                  + v.fix()
                  + "; or "
                  + deploy(m.os(), m.disks(), List.of(m.item())),
              m.item()));
    }
  }

  void tooLarge(Unit unit) {
    for (Machine m : unit.members()) {
      unmet.add(
          new Violation(
              Rule.MT_DISK_LIMIT,
              (unit.group() == null
                      ? m.item() + " has "
                      : "replication group " + unit.group() + " has ")
                  + unit.disks()
                  + " disks, all for one master target, which holds at most "
                  + MASTER_TARGET_DISK_LIMIT,
              unit.group() == null
                  ? "not supported through one master target: reduce "
                      + m.item()
                      + "'s disks to "
                      + MASTER_TARGET_DISK_LIMIT
                  : "split replication group "
                      + unit.group()
                      + " so each part has at most "
                      + MASTER_TARGET_DISK_LIMIT
                      + " disks",
              m.item()));
    }
  }

  /**
   * The 60-disk limit leaves units out. The fix: the fewest new master targets of each OS that take
   * what is left once the existing ones are full (filled largest first), or freeing slots held by
   * machines outside the plan where that alone would do.
   */
  void capacity(List<Unit> left, Map<Unit, List<Target>> candidates, boolean exhausted) {
    Map<OsType, List<Integer>> newTargets = new LinkedHashMap<>();
    for (Unit u : left) {
      List<Integer> bins = newTargets.computeIfAbsent(u.os(), os -> new ArrayList<>());
      int fit = -1;
      for (int i = 0; i < bins.size(); i++) {
        if (bins.get(i) + u.disks() <= MASTER_TARGET_DISK_LIMIT) {
          fit = i;
          break;
        }
      }
      if (fit < 0) {
        bins.add(u.disks());
      } else {
        bins.set(fit, bins.get(fit) + u.disks());
      }
    }
    for (Unit u : left) {
      List<Target> options = candidates.get(u);
      String seen =
          options.stream()
              .map(
                  t ->
                      t.name()
                          + " "
                          + t.free()
                          + " free ("
                          + t.held
                          + " held outside the plan, "
                          + t.assigned
                          + " for the plan)")
              .reduce((a, b) -> a + ", " + b)
              .orElse("");
      String fix = addTargets(u.os(), newTargets.get(u.os()));
      Target freeable =
          options.stream()
              .filter(t -> t.held > 0 && MASTER_TARGET_DISK_LIMIT - t.assigned >= u.disks())
              .min(Comparator.comparingInt(t -> u.disks() - t.free()))
              .orElse(null);
      if (freeable != null && left.size() == 1) {
        int slots = u.disks() - freeable.free();
        fix +=
            ", or free "
                + slots
                + " disk slot"
                + (slots == 1 ? "" : "s")
                + " on "
                + freeable.name()
                + " ("
                + freeable.held
                + " are held by machines outside the plan)";
      }
      for (Machine m : u.members()) {
        unmet.add(
            new Violation(
                Rule.MT_DISK_LIMIT,
                (u.group() == null
                        ? m.item()
                        : "replication group " + u.group() + " (" + names(u.items()) + ")")
                    + " needs "
                    + u.disks()
                    + " disk slots on one "
                    + u.os()
                    + " master target, and with the plan's "
                    + "other machines placed none has them: "
                    + seen
                    + (exhausted
                        ? ""
                        : "; the search stopped after " + PlacementEngine.SEARCH_BUDGET + " steps"),
                fix,
                m.item()));
      }
    }
  }
}
