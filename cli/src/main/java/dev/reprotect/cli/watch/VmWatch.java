package dev.reprotect.cli.watch;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.model.States;
import dev.reprotect.cli.model.StepStatus;
import dev.reprotect.cli.model.VmStatus;
import dev.reprotect.cli.text.ProblemText;
import dev.reprotect.cli.text.ProgressBar;
import dev.reprotect.cli.text.ProtectionText;
import dev.reprotect.cli.vm.VmPaths;
import java.util.List;

/** Follows one reprotection to its end, one progress bar with its state and current step. */
public final class VmWatch {

  private VmWatch() {}

  /** 0 when it ends PROTECTED, 1 when FAILED or CANCELLED. */
  public static int follow(CliSession session, String vm, WatchOptions options)
      throws InterruptedException {
    return finish(
        session,
        vm,
        StatusFollower.untilEnded(
            session,
            VmPaths.status(vm),
            options,
            VmStatus.class,
            VmStatus::ended,
            status -> List.of(new LiveView.Line(status.id(), line(vm, status)))));
  }

  /**
   * {@code vm-web-01 [#########...........] 45% ATTACHING_DISKS ATTACH_DISKS: attaching 2 disks}.
   */
  public static String line(String label, VmStatus status) {
    return String.format(
        "%-20s %s %3d%%  %-20s %s",
        label,
        ProgressBar.of(status.progressPercent()),
        status.progressPercent(),
        status.state() == null ? "-" : status.state(),
        stepText(status));
  }

  static String stepText(VmStatus status) {
    if (status.error() != null && status.error().rule() != null) {
      return status.error().rule();
    }
    return status.currentStep().map(VmWatch::describe).orElse("");
  }

  private static String describe(StepStatus step) {
    StringBuilder text = new StringBuilder(step.name());
    if (step.detail() != null && !step.detail().isBlank()) {
      text.append(": ").append(step.detail().strip().replaceAll("\\s+", " "));
    }
    if (step.attempts() > 1) {
      text.append(" (attempt ").append(step.attempts()).append(')');
    }
    return text.toString();
  }

  private static int finish(CliSession session, String vm, VmStatus status) {
    boolean isProtected = States.PROTECTED.equals(status.state());
    if (!session.json()) {
      if (isProtected) {
        ProtectionText.print(session.out(), ProtectionText.reading(session, vm));
        session.out().println(vm + ": PROTECTED");
      } else {
        session.out().println(vm + ": " + status.state());
        if (status.error() != null) {
          ProblemText.failure(session.err(), vm, status.error());
        }
      }
    }
    return StatusFollower.exitCode(session, isProtected);
  }
}
