package dev.reprotect.cli.plan;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "plan",
    description = "Reprotect a recovery plan: every machine of it, one reprotection each.",
    subcommands = {
      PlanPreflightCommand.class,
      PlanStartCommand.class,
      PlanStatusCommand.class,
      PlanListCommand.class,
      PlanCancelCommand.class,
      PlanHistoryCommand.class,
      PlanWatchCommand.class,
      PlanPlacementCommand.class
    })
public class PlanCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }
}
