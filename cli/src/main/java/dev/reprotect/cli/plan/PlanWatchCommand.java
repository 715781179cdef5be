package dev.reprotect.cli.plan;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.watch.PlanWatch;
import dev.reprotect.cli.watch.WatchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "watch",
    description =
        "Follow the plan to its end: a live bar for the plan and one per machine "
            + "with its state and current step. Exit 0 when PROTECTED, 1 when FAILED or CANCELLED.")
public class PlanWatchCommand extends OnePlanCommand {

  @Mixin WatchOptions watchOptions;

  @Override
  protected int run(CliSession session) throws InterruptedException {
    return PlanWatch.follow(session, plan, watchOptions);
  }
}
