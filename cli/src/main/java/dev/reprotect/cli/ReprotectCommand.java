package dev.reprotect.cli;

import dev.reprotect.cli.http.ApiClient;
import dev.reprotect.cli.plan.PlanCommand;
import dev.reprotect.cli.vm.VmCancelCommand;
import dev.reprotect.cli.vm.VmHistoryCommand;
import dev.reprotect.cli.vm.VmListCommand;
import dev.reprotect.cli.vm.VmPreflightCommand;
import dev.reprotect.cli.vm.VmStartCommand;
import dev.reprotect.cli.vm.VmStatusCommand;
import dev.reprotect.cli.vm.VmWatchCommand;
import io.micronaut.context.BeanContext;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code reprotect}: the root command. Its options are global (accepted before or after any
 * subcommand); its help attributes and exit codes are inherited by every subcommand.
 */
@Command(
    name = "reprotect",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = CliVersion.class,
    description =
        "Reprotect failed-over VMs and recovery plans from Azure back to VMware, "
            + "through the reprotect HTTP API.",
    subcommands = {
      VmPreflightCommand.class,
      VmStartCommand.class,
      VmStatusCommand.class,
      VmListCommand.class,
      VmCancelCommand.class,
      VmHistoryCommand.class,
      VmWatchCommand.class,
      PlanCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success; for watch and start --watch: ended PROTECTED",
      "1:the reprotection or plan ended FAILED or CANCELLED",
      "2:usage error, unreadable file, or input the API rejected as malformed (400)",
      "3:refused by rules (422, or preflight found violations): nothing started",
      "4:not found (404)",
      "5:conflict (409): already running, or not running",
      "6:authentication failed (401): no token or a wrong one",
      "7:cannot reach the API, or a server error",
      "8:not allowed (403): a VIEWER token reads; start, cancel, pause, resume need OPERATOR"
    })
public class ReprotectCommand implements Runnable {

  static final String TOKEN_ENV = "REPROTECT_API_TOKEN";

  @Option(
      names = "--api",
      scope = ScopeType.INHERIT,
      paramLabel = "URL",
      defaultValue = "${env:REPROTECT_API:-http://localhost:8080}",
      description = "The API's base URL (env REPROTECT_API; default ${DEFAULT-VALUE}).")
  String api;

  @Option(
      names = "--token",
      scope = ScopeType.INHERIT,
      paramLabel = "TOKEN",
      description =
          "API token. Prefer env "
              + TOKEN_ENV
              + " or --token-file: a command line is "
              + "visible to other users of the machine.")
  String token;

  @Option(
      names = "--token-file",
      scope = ScopeType.INHERIT,
      paramLabel = "FILE",
      description = "A file holding the API token.")
  Path tokenFile;

  @Option(
      names = {"-o", "--output"},
      scope = ScopeType.INHERIT,
      paramLabel = "text|json",
      defaultValue = "text",
      description =
          "text (default) or json: the API's JSON bodies unchanged (problem bodies too), "
              + "one per line, for jq.")
  Output output;

  @Spec CommandSpec spec;

  @Inject BeanContext beans;

  @Inject JsonMapper json;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Opens what {@code command} (this or a subcommand) needs to talk to the API. */
  public CliSession openSession(CommandSpec command) {
    URL url = apiUrl();
    HttpClient http = beans.createBean(HttpClient.class, url);
    ApiClient client = new ApiClient(http, url.toString(), resolveToken());
    return new CliSession(
        client, json, command.commandLine().getOut(), command.commandLine().getErr(), output);
  }

  public JsonMapper json() {
    return json;
  }

  public Output output() {
    return output;
  }

  private URL apiUrl() {
    try {
      URI uri = URI.create(api);
      if (uri.getScheme() == null || uri.getHost() == null) {
        throw CliFailure.of(
            ExitCodes.USAGE,
            "--api must be an http(s) URL such as http://localhost:8080, not " + api);
      }
      return uri.toURL();
    } catch (IllegalArgumentException | MalformedURLException bad) {
      throw CliFailure.of(
          ExitCodes.USAGE,
          "--api must be an http(s) URL such as http://localhost:8080, not " + api);
    }
  }

  /** --token, else --token-file, else the environment; null: none (the API will answer 401). */
  private String resolveToken() {
    if (token != null && !token.isBlank()) {
      return token.strip();
    }
    if (tokenFile != null) {
      try {
        String fromFile = Files.readString(tokenFile).strip();
        if (fromFile.isEmpty()) {
          throw CliFailure.of(ExitCodes.USAGE, "--token-file " + tokenFile + " is empty");
        }
        return fromFile;
      } catch (IOException unreadable) {
        throw CliFailure.of(
            ExitCodes.USAGE,
            "cannot read --token-file " + tokenFile + ": " + unreadable.getClass().getSimpleName());
      }
    }
    String fromEnv = System.getenv(TOKEN_ENV);
    return fromEnv == null || fromEnv.isBlank() ? null : fromEnv.strip();
  }
}
