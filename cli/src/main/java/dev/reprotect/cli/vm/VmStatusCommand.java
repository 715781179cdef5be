package dev.reprotect.cli.vm;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.model.States;
import dev.reprotect.cli.model.VmStatus;
import dev.reprotect.cli.text.ProtectionText;
import dev.reprotect.cli.text.StatusText;
import picocli.CommandLine.Command;

@Command(
    name = "status",
    description =
        "A VM's reprotection: state, progress, each step with attempts, times and detail; once "
            + "protected, its replication health and RPO as the protection watch last read them.")
public class VmStatusCommand extends OneVmCommand {

  @Override
  protected int run(CliSession session) {
    session.show(
        session.api().get(statusPath()),
        VmStatus.class,
        status -> {
          StatusText.vm(session.out(), status);
          if (States.PROTECTED.equals(status.state())) {
            ProtectionText.print(session.out(), ProtectionText.reading(session, vm));
          }
        });
    return ExitCodes.OK;
  }
}
