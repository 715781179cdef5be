package dev.reprotect.cli.text;

import dev.reprotect.cli.model.GroupStatus;
import dev.reprotect.cli.model.MachineStatus;
import dev.reprotect.cli.model.PlanStatus;
import dev.reprotect.cli.model.StepStatus;
import dev.reprotect.cli.model.VmStatus;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Statuses for people: a reprotection with its steps, a plan with its machines and groups. */
public final class StatusText {

  private StatusText() {}

  public static void vm(PrintWriter out, VmStatus status) {
    out.printf(
        "%s  %s  %s %d%%%s%n",
        status.id(),
        or(status.state(), "UNKNOWN"),
        ProgressBar.of(status.progressPercent()),
        status.progressPercent(),
        status.plan() == null ? "" : "  (plan " + status.plan() + ")");
    out.printf("  started %s  ended %s%n", or(status.startedAt(), "-"), or(status.endedAt(), "-"));
    List<StepStatus> steps = status.steps() == null ? List.of() : status.steps();
    if (!steps.isEmpty()) {
      out.printf("  %-18s %-10s %-8s %s%n", "STEP", "STATE", "ATTEMPTS", "DETAIL");
      for (StepStatus step : steps) {
        out.printf(
            "  %-18s %-10s %-8d %s%n",
            step.name(), or(step.state(), "-"), step.attempts(), or(step.detail(), ""));
      }
    }
    if (status.error() != null) {
      ProblemText.failure(out, or(status.replicatedItem(), status.id()), status.error());
    }
  }

  public static void plan(PrintWriter out, PlanStatus status) {
    out.printf(
        "plan %s  %s  %s %d%%%s%n",
        status.plan(),
        or(status.state(), "UNKNOWN"),
        ProgressBar.of(status.progressPercent()),
        status.progressPercent(),
        status.eta() == null || status.ended() ? "" : "  eta " + status.eta());
    out.printf("  started %s  ended %s%n", or(status.startedAt(), "-"), or(status.endedAt(), "-"));
    if (status.counts() != null && !status.counts().isEmpty()) {
      out.println("  " + counts(status.counts()));
    }
    if (status.outOfPolicy() != null && status.outOfPolicy() > 0) {
      out.printf(
          "  out of policy: %d protected machine%s (RPO over 15 minutes or replication critical)%n",
          status.outOfPolicy(), status.outOfPolicy() == 1 ? "" : "s");
    }
    List<MachineStatus> machines = status.machineList();
    if (!machines.isEmpty()) {
      out.printf("  %-24s %-22s %s%n", "MACHINE", "STATE", "PROGRESS");
      for (MachineStatus machine : machines) {
        out.printf(
            "  %-24s %-22s %d%%%n",
            machine.replicatedItem(), or(machine.state(), "PENDING"), machine.progressPercent());
      }
    }
    if (status.groups() != null) {
      for (GroupStatus group : status.groups()) {
        out.printf(
            "  group %s%s: %s  (%s)%n",
            group.name(),
            group.masterTarget() == null ? "" : " on " + group.masterTarget(),
            or(group.state(), "-"),
            group.members() == null ? "" : String.join(", ", group.members()));
      }
    }
    if (status.error() != null) {
      ProblemText.failure(out, "plan " + status.plan(), status.error());
    }
    for (MachineStatus machine : machines) {
      if (machine.error() != null) {
        ProblemText.failure(out, machine.replicatedItem(), machine.error());
      }
    }
  }

  /** Counts per state, in the order the API gives them: {@code PROTECTED 3, SYNCHRONIZING 2}. */
  public static String counts(Map<String, Integer> counts) {
    return counts.entrySet().stream()
        .filter(e -> e.getValue() != null && e.getValue() > 0)
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  static String or(String value, String otherwise) {
    return value == null ? otherwise : value;
  }
}
