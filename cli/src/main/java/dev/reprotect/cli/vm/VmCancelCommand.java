package dev.reprotect.cli.vm;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import picocli.CommandLine.Command;

@Command(
    name = "cancel",
    description =
        "Cancel a running reprotection; it compensates what it changed "
            + "(replication stopped, disks detached; the on-premises VM stays off). Exit 5 when it is not running.")
public class VmCancelCommand extends OneVmCommand {

  @Override
  protected int run(CliSession session) {
    ApiAnswer answer = session.api().post(statusPath() + "/cancel", "{}");
    session.showOr(
        answer,
        () ->
            session
                .out()
                .printf(
                    "cancellation of %s requested; follow it with: reprotect watch %s%n",
                    VmPaths.id(vm), vm));
    return ExitCodes.OK;
  }
}
