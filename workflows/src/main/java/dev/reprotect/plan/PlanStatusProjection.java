package dev.reprotect.plan;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one definition of a plan's counts and progress, from its machines. The plan workflow projects
 * its status with it (a running machine known only as started), and the API with the same machines
 * made live by their own reprotections' status: both say the same thing.
 */
public final class PlanStatusProjection {

  private PlanStatusProjection() {}

  /** Machines per state (a MachineState name): only states some machine is in. */
  public static Map<String, Integer> counts(Collection<MachineSummary> machines) {
    Map<String, Integer> counts = new TreeMap<>();
    machines.forEach(
        m ->
            counts.merge(
                (m.state() == null ? MachineState.PENDING : m.state()).name(), 1, Integer::sum));
    return counts;
  }

  /**
   * Percent of the plan's work done: a finished machine (protected, failed or cancelled: nothing
   * left to do for it in this plan) counts 100, a running one its own progress, a pending one 0;
   * the mean over the machines. 100 for a plan without machines.
   */
  public static int progressPercent(Collection<MachineSummary> machines) {
    if (machines.isEmpty()) {
      return 100;
    }
    long done = 0;
    for (MachineSummary m : machines) {
      done += finished(m) ? 100 : Math.max(0, Math.min(100, m.progressPercent()));
    }
    return (int) (done / machines.size());
  }

  /** Whether the machine's reprotection ended. */
  public static boolean finished(MachineSummary m) {
    return m != null && m.state() != null && m.state().terminal();
  }

  /** Started and not finished. */
  public static boolean running(MachineSummary m) {
    return m != null && m.state() != null && m.state().running();
  }

  /**
   * The status with these machines (e.g. made live, or every page assembled), its counts and
   * progress projected from them as the workflow projects its own.
   */
  public static PlanStatus withMachines(PlanStatus status, List<MachineSummary> machines) {
    return new PlanStatus(
        status.id(),
        status.plan(),
        status.state(),
        counts(machines),
        progressPercent(machines),
        status.eta(),
        machines,
        status.groups(),
        status.error(),
        status.startedAt(),
        status.endedAt(),
        status.placement(),
        status.startedBy(),
        status.cancelledBy(),
        status.pausedBy(),
        status.resumedBy(),
        status.outOfPolicy());
  }
}
