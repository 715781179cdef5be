package dev.reprotect.reprotect;

import java.time.Instant;
import java.util.List;
import javax.annotation.Nullable;

/**
 * The status body of the API contract, kept by the workflow and returned by its query.
 *
 * @param startedBy who started it (the JWT's subject, or {@code api-token}); null for a start that
 *     named nobody (runs started before this was recorded)
 * @param cancelledBy who cancelled it, once cancelled through the API; null otherwise (a plan's
 *     machine cancelled with its plan: the plan's {@code cancelledBy})
 */
public record ReprotectStatus(
    String id,
    String replicatedItem,
    @Nullable String plan,
    ReprotectState state,
    int progressPercent,
    List<StepStatus> steps,
    @Nullable ErrorInfo error,
    @Nullable Instant startedAt,
    @Nullable Instant endedAt,
    @Nullable String startedBy,
    @Nullable String cancelledBy) {

  /** A status that names nobody. */
  public ReprotectStatus(
      String id,
      String replicatedItem,
      String plan,
      ReprotectState state,
      int progressPercent,
      List<StepStatus> steps,
      ErrorInfo error,
      Instant startedAt,
      Instant endedAt) {
    this(
        id,
        replicatedItem,
        plan,
        state,
        progressPercent,
        steps,
        error,
        startedAt,
        endedAt,
        null,
        null);
  }

  /** The same status naming who cancelled it. */
  public ReprotectStatus withCancelledBy(String by) {
    return new ReprotectStatus(
        id,
        replicatedItem,
        plan,
        state,
        progressPercent,
        steps,
        error,
        startedAt,
        endedAt,
        startedBy,
        by);
  }
}
