package dev.reprotect.placement;

import dev.reprotect.rules.Violation;
import java.util.List;

/**
 * What placement proposes for a plan: every machine's values and each master target's load, or,
 * when no valid assignment exists, the unmet constraints (each with its rule, the machine, and the
 * smallest change that would fix it) and no machines.
 */
public record Placement(
    String plan,
    List<MachinePlacement> machines,
    List<MasterTargetLoad> masterTargets,
    List<Violation> violations) {

  public boolean placed() {
    return violations == null || violations.isEmpty();
  }
}
