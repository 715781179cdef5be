package dev.reprotect.cli.vm;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import picocli.CommandLine.Command;

@Command(
    name = "history",
    description =
        "The reprotection workflow's event history as Temporal's JSON "
            + "export (replayable with WorkflowReplayer), whatever --output says.")
public class VmHistoryCommand extends OneVmCommand {

  @Override
  protected int run(CliSession session) {
    session.printBody(session.api().get(statusPath() + "/history"));
    return ExitCodes.OK;
  }
}
