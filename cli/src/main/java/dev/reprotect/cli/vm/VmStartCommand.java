package dev.reprotect.cli.vm;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import dev.reprotect.cli.input.VmRequestOptions;
import dev.reprotect.cli.model.VmStatus;
import dev.reprotect.cli.watch.VmWatch;
import dev.reprotect.cli.watch.WatchOptions;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "start",
    description =
        "Start reprotecting one VM (refused with every broken rule, "
            + "nothing started, when preflight finds any). With --watch, follow it to its end.")
public class VmStartCommand extends ApiCommand {

  @Mixin VmRequestOptions request;

  @Option(
      names = {"-w", "--watch"},
      description = "Then watch it; exit 0 only when it ends PROTECTED.")
  boolean watch;

  @Mixin WatchOptions watchOptions;

  @Override
  protected int run(CliSession session) throws InterruptedException {
    Map<String, Object> body = request.body();
    String vm = VmRequestOptions.vmOf(body);
    ApiAnswer answer = session.api().post(VmPaths.BASE, session.write(body));
    session.show(
        answer,
        VmStatus.class,
        status ->
            session
                .out()
                .printf(
                    "started %s (%s)%s%n",
                    status.id(),
                    status.state(),
                    watch ? "" : "; follow it with: reprotect watch " + vm));
    return watch ? VmWatch.follow(session, vm, watchOptions) : ExitCodes.OK;
  }
}
