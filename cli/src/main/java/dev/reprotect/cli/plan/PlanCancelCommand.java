package dev.reprotect.cli.plan;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(
    name = "cancel",
    description =
        "Cancel the plan and its machines, which compensate. Exit 5 when it is not running.")
public class PlanCancelCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "PLAN", description = "The recovery plan.")
  String plan;

  @Override
  protected int run(CliSession session) {
    ApiAnswer answer = session.api().post(PlanPaths.status(plan) + "/cancel", "{}");
    if (session.json()) {
      session.printBody(answer);
    } else {
      session
          .out()
          .printf(
              "cancellation of plan %s requested; follow it with: reprotect plan watch %s%n",
              plan, plan);
    }
    return ExitCodes.OK;
  }
}
