package dev.reprotect.plan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * What a plan's earlier runs finished, carried over continue-as-new so the plan's own history stays
 * bounded: each finished machine's outcome, and when the plan started.
 *
 * <p>Two forms. Runs before the compact carry ({@code RecoveryPlanWorkflowImpl.COMPACT_CARRY})
 * carried {@code finished}, every finished machine's whole summary, beside the next run's full
 * request and placement: 1.2 MiB at 2,000 machines (P7). Now a run carries {@code machines} (every
 * machine, compact, placement folded in) and {@code outcomes} (finished ones, compact), and the
 * next run's request has no machines and no placement of its own.
 *
 * @param finished old form: each finished machine's summary; null in the compact form
 * @param machines compact form: every machine of the plan, in the plan's order
 * @param outcomes compact form: how each finished machine ended, in the order they finished
 * @param groups the plan's replication groups as the site inventory listed them at the first run
 *     (members and master target); their state is recomputed from the machines
 * @param paused whether the plan was paused when it continued as new (it stays paused)
 * @param runs how many runs of the plan's workflow came before the next one (1 after the first)
 * @param firstChildAt when the first machine's reprotection started (the ETA's clock), or null
 * @param finishedByChildren how many of {@code finished} a reprotection of this plan finished (the
 *     others were already protected before the plan or refused at its start): the ETA's rate
 * @param startedBy who started the plan, and who paused and resumed it last (null: nobody named);
 *     carried because a memo is the start's and a signal the run's
 * @param inFlight machines still reprotecting when the run continued as new (since {@code
 *     RecoveryPlanWorkflowImpl.CARRIES_IN_FLIGHT}; null before): the next run follows them to their
 *     end instead of this one waiting for them
 */
public record PlanProgress(
    Map<String, MachineSummary> finished,
    Instant startedAt,
    List<GroupStatus> groups,
    boolean paused,
    int runs,
    Instant firstChildAt,
    int finishedByChildren,
    String startedBy,
    String pausedBy,
    String resumedBy,
    List<CarriedMachine> machines,
    Map<String, MachineOutcome> outcomes,
    @Nullable List<String> inFlight) {

  /** The form before the compact carry. */
  public PlanProgress(
      Map<String, MachineSummary> finished,
      Instant startedAt,
      List<GroupStatus> groups,
      boolean paused,
      int runs,
      Instant firstChildAt,
      int finishedByChildren,
      String startedBy,
      String pausedBy,
      String resumedBy) {
    this(
        finished,
        startedAt,
        groups,
        paused,
        runs,
        firstChildAt,
        finishedByChildren,
        startedBy,
        pausedBy,
        resumedBy,
        null,
        null,
        null);
  }

  /** Whether this is the compact form. */
  boolean compact() {
    return machines != null;
  }
}
