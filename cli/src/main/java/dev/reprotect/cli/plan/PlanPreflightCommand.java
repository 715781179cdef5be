package dev.reprotect.cli.plan;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import dev.reprotect.cli.input.PlanRequestOptions;
import dev.reprotect.cli.model.Preflight;
import dev.reprotect.cli.text.PreflightText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "preflight",
    description =
        "Dry run for the whole plan: every machine's rules and the plan's "
            + "(e.g. a master target's 60 disks); violations name their machine. Exit 3 when a rule blocks it.")
public class PlanPreflightCommand extends ApiCommand {

  @Mixin PlanRequestOptions request;

  @Override
  protected int run(CliSession session) {
    ApiAnswer answer =
        session
            .api()
            .post(
                PlanPaths.plan(request.plan()) + "/reprotect/preflight",
                session.write(request.body()));
    Preflight preflight = session.read(answer, Preflight.class);
    session.showOr(
        answer, () -> PreflightText.print(session.out(), "plan " + request.plan(), preflight));
    return preflight.ok() ? ExitCodes.OK : ExitCodes.REFUSED_BY_RULES;
  }
}
