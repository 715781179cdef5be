package dev.reprotect.plan;

import dev.reprotect.reprotect.ErrorInfo;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A plan's status, kept by the plan workflow and returned by its query.
 *
 * @param counts machines per state (PENDING or a ReprotectState name)
 * @param eta when the plan should finish at the rate machines have finished so far; null until
 *     one has
 * @param error why the plan as a whole failed (e.g. plan preflight), or null
 */
public record PlanStatus(
    String id,
    String plan,
    PlanState state,
    Map<String, Integer> counts,
    int progressPercent,
    Instant eta,
    List<MachineSummary> machines,
    List<GroupStatus> groups,
    ErrorInfo error,
    Instant startedAt,
    Instant endedAt) {}
