package dev.reprotect.cli.watch;

import dev.reprotect.cli.CliFailure;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.model.MachineStatus;
import dev.reprotect.cli.model.PlanStatus;
import dev.reprotect.cli.model.States;
import dev.reprotect.cli.model.VmStatus;
import dev.reprotect.cli.plan.PlanPaths;
import dev.reprotect.cli.text.ProblemText;
import dev.reprotect.cli.text.ProgressBar;
import dev.reprotect.cli.text.StatusText;
import dev.reprotect.cli.vm.VmPaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Follows a plan to its end: one bar for the plan, and one per machine with its state and current
 * step (read from the machine's own status while it runs). Large plans show the running machines
 * first, up to {@code --rows}, and count the rest.
 */
public final class PlanWatch {

  private PlanWatch() {}

  /** 0 when the plan ends PROTECTED, 1 when FAILED or CANCELLED. */
  public static int follow(CliSession session, String plan, WatchOptions options)
      throws InterruptedException {
    return finish(
        session,
        StatusFollower.untilEnded(
            session,
            PlanPaths.status(plan),
            options,
            PlanStatus.class,
            PlanStatus::ended,
            status -> frame(session, status, options.rows())));
  }

  private static List<LiveView.Line> frame(CliSession session, PlanStatus status, int rows) {
    List<LiveView.Line> lines = new ArrayList<>();
    lines.add(new LiveView.Line("plan", planLine(status)));
    List<MachineStatus> machines = status.machineList();
    List<MachineStatus> shown =
        machines.size() <= rows
            ? machines
            : machines.stream()
                .sorted(Comparator.comparingInt(PlanWatch::urgency))
                .limit(rows)
                .toList();
    for (MachineStatus machine : shown) {
      lines.add(new LiveView.Line(machine.replicatedItem(), machineLine(session, machine)));
    }
    if (shown.size() < machines.size()) {
      lines.add(
          new LiveView.Line(
              "more", "  ... and " + (machines.size() - shown.size()) + " more machines"));
    }
    return lines;
  }

  /** {@code plan rp-app [####................] 20% RUNNING PROTECTED 1, SYNCHRONIZING 1}. */
  static String planLine(PlanStatus status) {
    String counts = status.counts() == null ? "" : StatusText.counts(status.counts());
    return String.format(
        "plan %-15s %s %3d%%  %-10s %s%s",
        status.plan(),
        ProgressBar.of(status.progressPercent()),
        status.progressPercent(),
        status.state() == null ? "-" : status.state(),
        counts,
        status.eta() == null || status.ended() ? "" : "  eta " + status.eta());
  }

  /** A running machine's line carries its current step, read from its own status. */
  private static String machineLine(CliSession session, MachineStatus machine) {
    if (!machine.pending() && !machine.ended()) {
      try {
        VmStatus status =
            session.read(
                session.api().get(VmPaths.status(machine.replicatedItem())), VmStatus.class);
        return "  " + VmWatch.line(machine.replicatedItem(), status);
      } catch (CliFailure notReadableYet) {
        // Not started yet, or the API is busy: the plan's summary still says where it is.
      }
    }
    String rule =
        machine.error() == null ? "" : machine.error().rule() == null ? "" : machine.error().rule();
    return "  "
        + String.format(
            "%-20s %s %3d%%  %-20s %s",
            machine.replicatedItem(),
            ProgressBar.of(machine.progressPercent()),
            machine.progressPercent(),
            machine.state() == null ? "PENDING" : machine.state(),
            rule);
  }

  /** Running first, then failed, then pending, then protected. */
  private static int urgency(MachineStatus machine) {
    if (!machine.pending() && !machine.ended()) {
      return 0;
    }
    if (machine.ended() && !States.PROTECTED.equals(machine.state())) {
      return 1;
    }
    return machine.pending() ? 2 : 3;
  }

  private static int finish(CliSession session, PlanStatus status) {
    boolean isProtected = States.PROTECTED.equals(status.state());
    if (!session.json()) {
      long protectedCount =
          status.machineList().stream().filter(m -> States.PROTECTED.equals(m.state())).count();
      session
          .out()
          .printf(
              "plan %s: %s (%d/%d machines protected)%n",
              status.plan(), status.state(), protectedCount, status.machineList().size());
      if (status.error() != null) {
        ProblemText.failure(session.err(), "plan " + status.plan(), status.error());
      }
      for (MachineStatus machine : status.machineList()) {
        if (machine.error() != null) {
          ProblemText.failure(session.err(), machine.replicatedItem(), machine.error());
        }
      }
    }
    return StatusFollower.exitCode(session, isProtected);
  }
}
