package dev.reprotect.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.reprotect.ErrorInfo;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.Step;
import dev.reprotect.rules.Rule;
import javax.annotation.Nullable;

/**
 * How a finished machine ended, as a continued run carries it: its state, and for a failure the
 * rule and step, not the whole error. The error's detail stays where it already is, in the
 * machine's own {@code reprotect-{vm}} (its status and result): carried for every machine, the
 * errors' text made a 2,000-machine plan's continue-as-new state grow past 1 MiB (P7). A failure
 * that names no catalogue rule keeps its message, cut to {@link #MESSAGE_CHARS}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MachineOutcome(
    MachineState state, @Nullable Rule rule, @Nullable Step step, @Nullable String message) {

  static final int MESSAGE_CHARS = 160;

  public static MachineOutcome of(MachineSummary m) {
    ErrorInfo e = m.error();
    if (e == null) {
      return new MachineOutcome(m.state(), null, null, null);
    }
    String message =
        e.rule() != null || e.message() == null
            ? null
            : e.message().substring(0, Math.min(MESSAGE_CHARS, e.message().length()));
    return new MachineOutcome(m.state(), e.rule(), e.step(), message);
  }

  /** The machine's summary again: its error told by the catalogue, its detail in its own status. */
  MachineSummary summary(String vm) {
    ErrorInfo error = null;
    if (rule != null || message != null) {
      String id = ReprotectRequest.workflowIdFor(vm);
      String told = rule != null ? rule.title() + ": " + id + "'s status has the detail" : message;
      String fix = rule != null ? rule.fix() : "see the machine's reprotection history";
      error = new ErrorInfo(rule, told, fix, step, null);
    }
    int progress = state == MachineState.PROTECTED ? 100 : 0;
    return new MachineSummary(vm, ReprotectRequest.workflowIdFor(vm), state, progress, error);
  }
}
