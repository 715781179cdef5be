package dev.reprotect.plan;

import dev.reprotect.placement.MachinePlacement;
import java.util.List;
import javax.annotation.Nullable;

/**
 * A page of a plan's machines, as its {@code machines} query answers: the status query carries the
 * first page, so that no answer grows with the plan (P7).
 *
 * @param from the index of the first machine shown, in the plan's order
 * @param total how many machines the plan has
 * @param placement what placement chose for the machines shown; null when the plan was not placed
 */
public record PlanMachines(
    int from,
    int total,
    List<MachineSummary> machines,
    @Nullable List<MachinePlacement> placement) {

  /**
   * Machines per answer: about 150 KiB with every one failed with a long error and placed, far
   * below Temporal's 512 KiB warning.
   */
  public static final int PAGE = 250;
}
