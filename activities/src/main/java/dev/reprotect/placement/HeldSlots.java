package dev.reprotect.placement;

import java.util.Map;

/**
 * The disk slots that running reprotections reserved on a master target, by replicated item, as its
 * slots workflow ({@code master-target-slots-{name}}) holds them. Placement counts them beside what
 * the site shows attached, so it never plans onto slots another run is about to fill.
 */
@FunctionalInterface
public interface HeldSlots {

  /** No reservations known (no slots workflows, or a site without them). */
  HeldSlots NONE = masterTarget -> Map.of();

  /** Item to reserved slots on that master target; empty when none. */
  Map<String, Integer> reserved(String masterTarget);
}
