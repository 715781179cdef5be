package dev.reprotect.plan;

import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.reprotect.ErrorInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import javax.annotation.Nullable;

/**
 * A plan's status, kept by the plan workflow and returned by its query.
 *
 * @param counts machines per state (a MachineState name); their sum is the plan's machines
 * @param machines each machine's summary, in the plan's order: in the workflow's status query and
 *     result the first {@link PlanMachines#PAGE} only (its {@code machines} query pages the rest);
 *     every machine in the API's answer, which assembles the pages
 * @param eta when the plan should finish at the rate machines have finished so far; null until one
 *     has
 * @param error why the plan as a whole failed (e.g. plan preflight), or null
 * @param placement the values placement chose for each machine shown when the plan was started with
 *     {@code "placement": "auto"} ({@code given}: those the request gave itself); null otherwise.
 *     Kept out of the machines' summaries so that plans without it carry nothing more.
 * @param startedBy who started the plan (the JWT's subject, or {@code api-token}); null when the
 *     start named nobody
 * @param cancelledBy who cancelled it through the API, or null
 * @param pausedBy who paused it last, or null
 * @param resumedBy who resumed it last, or null
 * @param outOfPolicy how many of the plan's protected machines the protection watch last saw out of
 *     the failback policy (RPO past 15 minutes, or replication critical); the API adds it to the
 *     workflow's status from the watch's readings (null in the plan workflow's own query)
 */
public record PlanStatus(
    String id,
    String plan,
    PlanState state,
    Map<String, Integer> counts,
    int progressPercent,
    @Nullable Instant eta,
    List<MachineSummary> machines,
    List<GroupStatus> groups,
    @Nullable ErrorInfo error,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable List<MachinePlacement> placement,
    @Nullable String startedBy,
    @Nullable String cancelledBy,
    @Nullable String pausedBy,
    @Nullable String resumedBy,
    @Nullable Integer outOfPolicy) {

  /** The same status with the protection watch's count of machines out of policy. */
  public PlanStatus withOutOfPolicy(int machinesOutOfPolicy) {
    return copy(cancelledBy, machinesOutOfPolicy);
  }

  /** The same status naming who cancelled it. */
  public PlanStatus withCancelledBy(String by) {
    return copy(by, outOfPolicy);
  }

  private PlanStatus copy(String cancelledBy, Integer outOfPolicy) {
    return new PlanStatus(
        id,
        plan,
        state,
        counts,
        progressPercent,
        eta,
        machines,
        groups,
        error,
        startedAt,
        endedAt,
        placement,
        startedBy,
        cancelledBy,
        pausedBy,
        resumedBy,
        outOfPolicy);
  }
}
