package dev.reprotect.placement;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The exact search behind the placement's greedy: every assignment of units to their candidate
 * master targets, within {@link PlacementEngine#SEARCH_BUDGET} steps per part.
 */
final class ExactSearch {

  private final List<Target> targets;
  private int steps;

  ExactSearch(List<Target> targets) {
    this.targets = targets;
  }

  /** Whether the last search gave up at the budget rather than finding there is no assignment. */
  boolean exhausted() {
    return steps > PlacementEngine.SEARCH_BUDGET;
  }

  /** The units split where they share no candidate master target, each part in the given order. */
  List<List<Unit>> components(List<Unit> order, Map<Unit, List<Target>> candidates) {
    int[] parent = new int[order.size() + targets.size()];
    for (int i = 0; i < parent.length; i++) {
      parent[i] = i;
    }
    for (int u = 0; u < order.size(); u++) {
      for (Target t : candidates.get(order.get(u))) {
        parent[root(parent, u)] = root(parent, order.size() + t.index);
      }
    }
    Map<Integer, List<Unit>> parts = new LinkedHashMap<>();
    for (int u = 0; u < order.size(); u++) {
      parts.computeIfAbsent(root(parent, u), r -> new ArrayList<>()).add(order.get(u));
    }
    return new ArrayList<>(parts.values());
  }

  private static int root(int[] parent, int i) {
    while (parent[i] != i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  }

  /**
   * Depth-first over the units in order, each onto every candidate with room (most free first),
   * with two cuts that lose no assignment: the units left must fit in the free slots left, and of
   * two candidates with the same free slots that the units left can use alike, only the first is
   * tried (they are interchangeable).
   */
  boolean search(List<Unit> order, Map<Unit, List<Target>> candidates, Map<Unit, Target> chosen) {
    steps = 0;
    int n = order.size();
    BitSet[] usableBy = new BitSet[targets.size()];
    for (Target t : targets) {
      usableBy[t.index] = new BitSet(n);
    }
    for (int i = 0; i < n; i++) {
      for (Target t : candidates.get(order.get(i))) {
        usableBy[t.index].set(i);
      }
    }
    long[] disksFrom = new long[n + 1];
    int[] smallestFrom = new int[n + 1];
    smallestFrom[n] = Integer.MAX_VALUE;
    for (int i = n - 1; i >= 0; i--) {
      disksFrom[i] = disksFrom[i + 1] + order.get(i).disks();
      smallestFrom[i] = Math.min(smallestFrom[i + 1], order.get(i).disks());
    }
    return search(order, 0, candidates, chosen, usableBy, disksFrom, smallestFrom);
  }

  private boolean search(
      List<Unit> order,
      int at,
      Map<Unit, List<Target>> candidates,
      Map<Unit, Target> chosen,
      BitSet[] usableBy,
      long[] disksFrom,
      int[] smallestFrom) {
    if (at == order.size()) {
      return true;
    }
    if (++steps > PlacementEngine.SEARCH_BUDGET) {
      return false;
    }
    // Free slots the units left can still use: none where even the smallest of them cannot fit.
    long usable = 0;
    for (Target t : targets) {
      if (t.free() >= smallestFrom[at] && usableBy[t.index].nextSetBit(at) >= 0) {
        usable += t.free();
      }
    }
    if (disksFrom[at] > usable) {
      return false;
    }
    Unit unit = order.get(at);
    List<Target> options = new ArrayList<>(candidates.get(unit));
    options.sort(Comparator.comparingInt(Target::free).reversed());
    Set<List<Object>> tried = new HashSet<>();
    for (Target t : options) {
      if (t.free() < unit.disks()
          || !tried.add(List.of(t.free(), usableBy[t.index].get(at, order.size())))) {
        continue;
      }
      t.assigned += unit.disks();
      chosen.put(unit, t);
      if (search(order, at + 1, candidates, chosen, usableBy, disksFrom, smallestFrom)) {
        return true;
      }
      chosen.remove(unit);
      t.assigned -= unit.disks();
      if (steps > PlacementEngine.SEARCH_BUDGET) {
        return false;
      }
    }
    return false;
  }
}
