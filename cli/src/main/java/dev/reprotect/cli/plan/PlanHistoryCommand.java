package dev.reprotect.cli.plan;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "history",
    description =
        "The plan workflow's event history (its latest run) as Temporal's "
            + "JSON export, whatever --output says; each machine's is 'reprotect history <vm>'.")
public class PlanHistoryCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "PLAN", description = "The recovery plan.")
  String plan;

  @Override
  protected int run(CliSession session) {
    session.printBody(session.api().get(PlanPaths.status(plan) + "/history"));
    return ExitCodes.OK;
  }
}
