package dev.reprotect.cli.plan;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import picocli.CommandLine.Command;

@Command(
    name = "cancel",
    description =
        "Cancel the plan and its machines, which compensate. Exit 5 when it is not running.")
public class PlanCancelCommand extends OnePlanCommand {

  @Override
  protected int run(CliSession session) {
    ApiAnswer answer = session.api().post(statusPath() + "/cancel", "{}");
    session.showOr(
        answer,
        () ->
            session
                .out()
                .printf(
                    "cancellation of plan %s requested; follow it with: reprotect plan watch %s%n",
                    plan, plan));
    return ExitCodes.OK;
  }
}
