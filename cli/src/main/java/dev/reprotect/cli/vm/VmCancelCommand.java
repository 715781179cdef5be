package dev.reprotect.cli.vm;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "cancel",
    description =
        "Cancel a running reprotection; it compensates what it changed "
            + "(replication stopped, disks detached; the on-premises VM stays off). Exit 5 when it is not running.")
public class VmCancelCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "VM", description = "The replicated item.")
  String vm;

  @Override
  protected int run(CliSession session) {
    ApiAnswer answer = session.api().post(VmPaths.status(vm) + "/cancel", "{}");
    if (session.json()) {
      session.printBody(answer);
    } else {
      session
          .out()
          .printf(
              "cancellation of %s requested; follow it with: reprotect watch %s%n",
              VmPaths.id(vm), vm);
    }
    return ExitCodes.OK;
  }
}
