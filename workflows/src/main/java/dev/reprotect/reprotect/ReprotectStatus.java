package dev.reprotect.reprotect;

import java.time.Instant;
import java.util.List;

/** The status body of the API contract, kept by the workflow and returned by its query. */
public record ReprotectStatus(
    String id,
    String replicatedItem,
    String plan,
    ReprotectState state,
    int progressPercent,
    List<StepStatus> steps,
    ErrorInfo error,
    Instant startedAt,
    Instant endedAt) {}
