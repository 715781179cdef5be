package dev.reprotect.cli.plan;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import dev.reprotect.cli.input.PlanRequestOptions;
import dev.reprotect.cli.model.PlanStatus;
import dev.reprotect.cli.watch.PlanWatch;
import dev.reprotect.cli.watch.WatchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "start",
    description =
        "Reprotect every machine of the plan (refused with every broken rule, "
            + "nothing started, when plan preflight finds any). Starting a finished plan again retries only its "
            + "machines that are not protected. With --watch, follow it to its end.")
public class PlanStartCommand extends ApiCommand {

  @Mixin PlanRequestOptions request;

  @Option(
      names = {"-w", "--watch"},
      description = "Then watch it; exit 0 only when the plan ends PROTECTED.")
  boolean watch;

  @Mixin WatchOptions watchOptions;

  @Override
  protected int run(CliSession session) throws InterruptedException {
    String plan = request.plan();
    ApiAnswer answer =
        session.api().post(PlanPaths.plan(plan) + "/reprotect", session.write(request.body()));
    session.show(
        answer,
        PlanStatus.class,
        status ->
            session
                .out()
                .printf(
                    "started plan %s (%s, %d machines)%s%n",
                    plan,
                    status.state(),
                    status.machineList().size(),
                    watch ? "" : "; follow it with: reprotect plan watch " + plan));
    return watch ? PlanWatch.follow(session, plan, watchOptions) : ExitCodes.OK;
  }
}
