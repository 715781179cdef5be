package dev.reprotect.cli.vm;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "history",
    description =
        "The reprotection workflow's event history as Temporal's JSON "
            + "export (replayable with WorkflowReplayer), whatever --output says.")
public class VmHistoryCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "VM", description = "The replicated item.")
  String vm;

  @Override
  protected int run(CliSession session) {
    session.printBody(session.api().get(VmPaths.status(vm) + "/history"));
    return ExitCodes.OK;
  }
}
