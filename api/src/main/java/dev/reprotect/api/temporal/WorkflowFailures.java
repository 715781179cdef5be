package dev.reprotect.api.temporal;

import dev.reprotect.api.problem.ApiProblem;
import dev.reprotect.api.problem.ProblemTypes;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import io.temporal.client.WorkflowFailedException;
import io.temporal.failure.TimeoutFailure;
import java.util.List;

/** Turns the failure of a short read workflow (inventory, options, preflight) into a problem. */
public final class WorkflowFailures {

  private WorkflowFailures() {}

  /**
   * A failure naming REPLICA_NOT_FOUND is a 404; another rule is a 422, or a 503 when it is
   * transient (the site is not reachable now); a timeout is a 503; anything else a 502.
   */
  public static ApiProblem toProblem(WorkflowFailedException failure, String what) {
    var named = RuleFailures.find(failure);
    if (named.isPresent()) {
      Rule rule = named.get().rule();
      List<Violation> violations = named.get().violations();
      if (rule == Rule.REPLICA_NOT_FOUND) {
        return ApiProblem.rules(404, violations);
      }
      return ApiProblem.rules(rule.retryable() ? 503 : 422, violations);
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TimeoutFailure) {
        return ApiProblem.of(
            503,
            ProblemTypes.TEMPORAL_UNAVAILABLE,
            "Site did not answer in time",
            what
                + " did not finish within "
                + Temporal.SHORT_WORKFLOW_TIMEOUT.toSeconds()
                + " s: is a worker running on the task queue and the site reachable?");
      }
    }
    return ApiProblem.of(
        502,
        ProblemTypes.WORKFLOW_FAILED,
        "Workflow failed",
        what + " failed: " + RuleFailures.rootMessage(failure));
  }
}
