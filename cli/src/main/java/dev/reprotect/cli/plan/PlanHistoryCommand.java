package dev.reprotect.cli.plan;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import picocli.CommandLine.Command;

@Command(
    name = "history",
    description =
        "The plan workflow's event history (its latest run) as Temporal's "
            + "JSON export, whatever --output says; each machine's is 'reprotect history <vm>'.")
public class PlanHistoryCommand extends OnePlanCommand {

  @Override
  protected int run(CliSession session) {
    session.printBody(session.api().get(statusPath() + "/history"));
    return ExitCodes.OK;
  }
}
