package dev.reprotect.cli.vm;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import dev.reprotect.cli.input.VmRequestOptions;
import dev.reprotect.cli.model.Preflight;
import dev.reprotect.cli.text.PreflightText;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "preflight",
    description =
        "Dry run for one VM: check every rule, change nothing. " + "Exit 3 when a rule blocks it.")
public class VmPreflightCommand extends ApiCommand {

  @Mixin VmRequestOptions request;

  @Override
  protected int run(CliSession session) {
    Map<String, Object> body = request.body();
    ApiAnswer answer = session.api().post(VmPaths.BASE + "/preflight", session.write(body));
    Preflight preflight = session.read(answer, Preflight.class);
    session.showOr(
        answer, () -> PreflightText.print(session.out(), VmRequestOptions.vmOf(body), preflight));
    return preflight.ok() ? ExitCodes.OK : ExitCodes.REFUSED_BY_RULES;
  }
}
