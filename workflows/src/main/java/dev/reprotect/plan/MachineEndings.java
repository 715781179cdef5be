package dev.reprotect.plan;

import dev.reprotect.reprotect.ErrorInfo;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.rules.RuleFailures;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;

/**
 * How a machine's reprotection ended, as the plan records it: from its result, or from the failure
 * it ended with. One reading for both the plan's own children and the machines a continued run
 * follows by the FollowMachines activity (whose failures come through a client, not a child stub).
 */
public final class MachineEndings {

  private MachineEndings() {}

  /** It returned: its state, progress and error as it reported them. */
  public static MachineSummary of(String vm, ReprotectStatus done) {
    return new MachineSummary(
        vm,
        ReprotectRequest.workflowIdFor(vm),
        MachineState.of(done.state()),
        done.progressPercent(),
        done.error());
  }

  /** It did not return: cancelled, or failed (or was terminated) with the error it reported. */
  public static MachineSummary of(String vm, Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof CanceledFailure) {
        return new MachineSummary(
            vm, ReprotectRequest.workflowIdFor(vm), MachineState.CANCELLED, 0, null);
      }
    }
    return new MachineSummary(
        vm, ReprotectRequest.workflowIdFor(vm), MachineState.FAILED, 0, errorOf(failure));
  }

  /**
   * The error a failed reprotection reported: the ErrorInfo its failure carries (typed by the
   * rule), else the rule the failure chain names, else its innermost message.
   */
  public static ErrorInfo errorOf(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        try {
          ErrorInfo reported = app.getDetails().get(ErrorInfo.class);
          if (reported != null && reported.message() != null) {
            return reported;
          }
        } catch (RuntimeException notAnErrorInfo) {
          // Details of another shape: read the rule below.
        }
        break;
      }
    }
    var named = RuleFailures.find(failure);
    if (named.isPresent()) {
      return ErrorInfo.of(named.get().violations(), null);
    }
    return new ErrorInfo(
        null,
        RuleFailures.rootMessage(failure),
        "see the machine's reprotection history",
        null,
        null);
  }
}
