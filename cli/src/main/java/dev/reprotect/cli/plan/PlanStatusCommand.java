package dev.reprotect.cli.plan;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.model.PlanStatus;
import dev.reprotect.cli.text.StatusText;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    description =
        "The plan's reprotection: counts per state, progress, ETA, each "
            + "machine and replication group.")
public class PlanStatusCommand extends OnePlanCommand {

  @Override
  protected int run(CliSession session) {
    session.show(
        session.api().get(statusPath()),
        PlanStatus.class,
        status -> StatusText.plan(session.out(), status));
    return ExitCodes.OK;
  }
}
