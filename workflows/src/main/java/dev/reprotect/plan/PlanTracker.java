package dev.reprotect.plan;

import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.reprotect.ErrorInfo;
import dev.reprotect.reprotect.ReprotectRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.annotation.Nullable;

/**
 * The status a plan keeps about itself, updated as its machines start and finish and read by the
 * status query. Deterministic: every time comes from the workflow's clock. It knows a running
 * machine only as started (state VALIDATING, its first); the machine's own status query has its
 * step.
 */
final class PlanTracker {

  static final String GROUP_PROTECTED = "PROTECTED";
  static final String GROUP_FAILED = "FAILED";
  static final String GROUP_IN_PROGRESS = "IN_PROGRESS";

  private final String id;
  private final String plan;

  /** Every machine's request, once each, in the plan's order. */
  private final Map<String, ReprotectRequest> requests = new LinkedHashMap<>();

  private final List<MachinePlacement> placement;
  private final Map<String, MachineSummary> machines = new LinkedHashMap<>();
  private final Map<String, MachineSummary> finished = new LinkedHashMap<>();
  private final List<GroupStatus> groups = new ArrayList<>();
  private final List<String> carriedInFlight = new ArrayList<>();
  private final Instant startedAt;
  private final int runs;
  private PlanState state = PlanState.VALIDATING;
  private boolean paused;
  private ErrorInfo error;
  private Instant endedAt;
  private Instant firstChildAt;
  private int finishedByChildren;
  private final String startedBy;
  private String cancelledBy;
  private String pausedBy;
  private String resumedBy;

  /** {@code startedBy}: who started this run (its memo); a continued run keeps the first run's. */
  PlanTracker(String id, RecoveryPlanRequest request, Instant now, String startedBy) {
    this.id = id;
    this.plan = request.plan();
    PlanProgress carried = request.carried();
    boolean compact = carried != null && carried.compact();
    List<MachinePlacement> placed = new ArrayList<>();
    if (compact) {
      for (CarriedMachine m : carried.machines()) {
        requests.putIfAbsent(m.replicatedItem(), m.request(plan));
        if (m.placement() != null) {
          placed.add(m.placement());
        }
      }
    } else {
      request.machines().forEach(m -> requests.putIfAbsent(m.replicatedItem(), m));
    }
    this.placement = compact ? (placed.isEmpty() ? null : placed) : request.placementChosen();
    for (ReprotectRequest machine : requests.values()) {
      String vm = machine.replicatedItem();
      machines.put(vm, new MachineSummary(vm, machine.workflowId(), MachineState.PENDING, 0, null));
    }
    if (carried == null) {
      startedAt = now;
      runs = 1;
      this.startedBy = startedBy;
      return;
    }
    this.startedBy = carried.startedBy() != null ? carried.startedBy() : startedBy;
    pausedBy = carried.pausedBy();
    resumedBy = carried.resumedBy();
    startedAt = carried.startedAt();
    runs = carried.runs() + 1;
    paused = carried.paused();
    firstChildAt = carried.firstChildAt();
    finishedByChildren = carried.finishedByChildren();
    if (carried.groups() != null) {
      groups.addAll(carried.groups());
    }
    if (compact) {
      carried.outcomes().forEach((vm, outcome) -> finish(outcome.summary(vm)));
      if (carried.inFlight() != null) {
        carried.inFlight().forEach(this::stillRunning);
        carriedInFlight.addAll(carried.inFlight());
      }
    } else {
      carried.finished().forEach((vm, summary) -> finish(summary));
    }
    state = PlanState.RUNNING;
  }

  // ---- What happens to the plan. ----

  void groups(List<GroupStatus> inventory) {
    groups.clear();
    groups.addAll(inventory);
  }

  void running() {
    state = PlanState.RUNNING;
  }

  /**
   * Paused or resumed by {@code by} (null: nobody named, e.g. a signal sent before this was
   * recorded).
   */
  void pause(boolean paused, String by) {
    this.paused = paused;
    if (by != null) {
      if (paused) {
        pausedBy = by;
      } else {
        resumedBy = by;
      }
    }
  }

  /** Who started the plan, or null. */
  String startedBy() {
    return startedBy;
  }

  boolean paused() {
    return paused;
  }

  String plan() {
    return plan;
  }

  /** The plan's progress, as {@link PlanStatusProjection} defines it. */
  int progressPercent() {
    return PlanStatusProjection.progressPercent(machines.values());
  }

  void failValidation(ErrorInfo error, Instant now) {
    this.error = error;
    state = PlanState.FAILED;
    endedAt = now;
  }

  /** The plan itself failed outside validation (its machines keep their own states). */
  void fail(ErrorInfo error, Instant now) {
    this.error = error;
    state = PlanState.FAILED;
    endedAt = now;
  }

  /** Every machine finished: PROTECTED when every one is protected, FAILED otherwise. */
  void end(Instant now) {
    boolean all = machines.values().stream().allMatch(m -> m.state() == MachineState.PROTECTED);
    state = all ? PlanState.PROTECTED : PlanState.FAILED;
    if (!all) {
      List<String> failed =
          machines.values().stream()
              .filter(m -> m.state() != MachineState.PROTECTED)
              .map(MachineSummary::replicatedItem)
              .toList();
      error =
          new ErrorInfo(
              null,
              failed.size()
                  + " of "
                  + machines.size()
                  + " machines not protected: "
                  + abbreviate(failed),
              "fix what each machine's error names, then start the plan again: only those machines run",
              null,
              null);
    }
    endedAt = now;
  }

  void cancel(Instant now, String by) {
    cancelledBy = by;
    state = PlanState.CANCELLED;
    endedAt = now;
  }

  // ---- What happens to its machines. ----

  boolean isFinished(String vm) {
    return finished.containsKey(vm);
  }

  /** Protected before this plan started it (an earlier run of the plan, or a single reprotect). */
  void alreadyProtected(String vm) {
    String id = ReprotectRequest.workflowIdFor(vm);
    finish(new MachineSummary(vm, id, MachineState.PROTECTED, 100, null));
  }

  /** Not started by the plan, for the reason the error gives. */
  void refuse(String vm, ErrorInfo why) {
    finish(new MachineSummary(vm, ReprotectRequest.workflowIdFor(vm), MachineState.FAILED, 0, why));
  }

  void started(String vm, Instant now) {
    if (firstChildAt == null) {
      firstChildAt = now;
    }
    running(vm);
  }

  /** Shown running (its live state is its own reprotection's) until it ends. */
  private void running(String vm) {
    MachineSummary was = machines.get(vm);
    machines.put(vm, new MachineSummary(vm, was.id(), MachineState.VALIDATING, 0, null));
  }

  /** Started by an earlier run of the plan and not ended yet: running, as it was shown there. */
  private void stillRunning(String vm) {
    if (machines.containsKey(vm) && !finished.containsKey(vm)) {
      running(vm);
    }
  }

  /** The machines an earlier run started that had not ended when it continued as new. */
  List<String> carriedInFlight() {
    return List.copyOf(carriedInFlight);
  }

  /** A machine's reprotection ended with this summary. */
  void childFinished(MachineSummary summary) {
    finishedByChildren++;
    finish(summary);
  }

  private void finish(MachineSummary summary) {
    finished.put(summary.replicatedItem(), summary);
    machines.put(summary.replicatedItem(), summary);
  }

  // ---- What it tells. ----

  /** The plan's machines, once each, in its order. */
  List<ReprotectRequest> requests() {
    return List.copyOf(requests.values());
  }

  /**
   * What the next run of the plan's workflow needs to go on where this one stops, in the form
   * before the compact carry (runs replaying a history that continued as new so).
   */
  PlanProgress progress() {
    return new PlanProgress(
        new LinkedHashMap<>(finished),
        startedAt,
        List.copyOf(groups),
        paused,
        runs,
        firstChildAt,
        finishedByChildren,
        startedBy,
        pausedBy,
        resumedBy);
  }

  /**
   * What the next run needs, compact: every machine once (placement folded in), the finished ones'
   * outcomes. Its size is bounded by the machines' values, not by their errors' text.
   */
  PlanProgress compactProgress(@Nullable List<String> inFlight) {
    Map<String, MachinePlacement> placedBy = new LinkedHashMap<>();
    if (placement != null) {
      placement.forEach(p -> placedBy.put(p.replicatedItem(), p));
    }
    List<CarriedMachine> carried =
        requests.values().stream()
            .map(m -> CarriedMachine.of(m, placedBy.get(m.replicatedItem())))
            .toList();
    Map<String, MachineOutcome> outcomes = new LinkedHashMap<>();
    finished.forEach((vm, summary) -> outcomes.put(vm, MachineOutcome.of(summary)));
    return new PlanProgress(
        null,
        startedAt,
        List.copyOf(groups),
        paused,
        runs,
        firstChildAt,
        finishedByChildren,
        startedBy,
        pausedBy,
        resumedBy,
        carried,
        outcomes,
        inFlight);
  }

  /**
   * The plan's status with its first {@link PlanMachines#PAGE} machines (and their placement);
   * {@link #page} has the rest. One answer for every machine of a 2,000-machine plan came to 746
   * KiB (P7), past Temporal's 512 KiB warning; a page stays far below it.
   */
  PlanStatus snapshot(Instant now) {
    Map<String, Integer> counts = PlanStatusProjection.counts(machines.values());
    int progress = progressPercent();
    PlanState shown = state == PlanState.RUNNING && paused ? PlanState.PAUSED : state;
    PlanMachines first = page(0);
    return new PlanStatus(
        id,
        plan,
        shown,
        counts,
        progress,
        eta(now),
        first.machines(),
        groupStates(),
        error,
        startedAt,
        endedAt,
        first.placement(),
        startedBy,
        cancelledBy,
        pausedBy,
        resumedBy,
        null); // out of policy: the API adds the protection watch's count
  }

  /** The machines from {@code from} on, at most {@link PlanMachines#PAGE}, with their placement. */
  PlanMachines page(int from) {
    List<MachineSummary> all = new ArrayList<>(machines.values());
    int start = Math.max(0, Math.min(from, all.size()));
    int end = Math.min(all.size(), start + PlanMachines.PAGE);
    List<MachineSummary> shown = List.copyOf(all.subList(start, end));
    List<MachinePlacement> placed = null;
    if (placement != null) {
      Map<String, MachinePlacement> byMachine = new HashMap<>();
      placement.forEach(p -> byMachine.put(p.replicatedItem(), p));
      placed =
          shown.stream()
              .map(m -> byMachine.get(m.replicatedItem()))
              .filter(Objects::nonNull)
              .toList();
    }
    return new PlanMachines(start, all.size(), shown, placed);
  }

  /**
   * When the plan should end at the rate its reprotections have finished so far (finished by a
   * child, per time since the first child started); null until one has, and once the plan ended.
   */
  private Instant eta(Instant now) {
    if (state.terminal() || finishedByChildren == 0 || firstChildAt == null) {
      return null;
    }
    long elapsed = Duration.between(firstChildAt, now).toMillis();
    int remaining = machines.size() - finished.size();
    return now.plusMillis(elapsed * remaining / finishedByChildren);
  }

  private List<GroupStatus> groupStates() {
    List<GroupStatus> out = new ArrayList<>();
    for (GroupStatus group : groups) {
      out.add(
          new GroupStatus(group.name(), group.masterTarget(), group.members(), groupState(group)));
    }
    return out;
  }

  /**
   * PROTECTED only when every member is (a common point in time); FAILED when a member failed or
   * was cancelled, or the plan ended without every member protected (e.g. one not in the plan);
   * else IN_PROGRESS.
   */
  private String groupState(GroupStatus group) {
    boolean all = true;
    for (String member : group.members()) {
      MachineSummary m = machines.get(member);
      MachineState s = m == null ? null : m.state();
      if (s == MachineState.FAILED || s == MachineState.CANCELLED) {
        return GROUP_FAILED;
      }
      all &= s == MachineState.PROTECTED;
    }
    if (all) {
      return GROUP_PROTECTED;
    }
    return state.terminal() ? GROUP_FAILED : GROUP_IN_PROGRESS;
  }

  private static String abbreviate(List<String> names) {
    int shown = 20;
    return names.size() <= shown
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, shown)) + " and " + (names.size() - shown) + " more";
  }
}
