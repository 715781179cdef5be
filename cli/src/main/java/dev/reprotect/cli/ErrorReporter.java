package dev.reprotect.cli;

import dev.reprotect.cli.model.Problem;
import dev.reprotect.cli.text.ProblemText;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns what a command threw into its output and exit code: the API's problem body unchanged with
 * {@code --output json}, else each rule ID with its message and fix on stderr.
 */
final class ErrorReporter implements IExecutionExceptionHandler {

  @Override
  public int handleExecutionException(Exception thrown, CommandLine command, ParseResult parsed) {
    PrintWriter err = command.getErr();
    if (thrown instanceof CommandLine.ParameterException usage) {
      err.println("error: " + usage.getMessage());
      err.println("Try '" + command.getCommandSpec().qualifiedName() + " --help'.");
      err.flush();
      return ExitCodes.USAGE;
    }
    if (!(thrown instanceof CliFailure failure)) {
      err.println("error: " + thrown);
      err.flush();
      return ExitCodes.UNAVAILABLE;
    }
    ReprotectCommand root = (ReprotectCommand) command.getCommandSpec().root().userObject();
    String body = failure.body();
    if (root.output() == Output.json && body != null && !body.isBlank()) {
      command.getOut().println(body.strip());
      command.getOut().flush();
      return failure.exitCode();
    }
    Problem problem = body == null ? null : readProblem(root.json(), body);
    if (failure.exitCode() == ExitCodes.UNAUTHENTICATED) {
      err.println("error: " + failure.getMessage());
      err.println(
          "  fix: give a valid API token with env "
              + ReprotectCommand.TOKEN_ENV
              + ", --token-file or --token");
    } else if (failure.exitCode() == ExitCodes.FORBIDDEN) {
      err.println("error: " + failure.getMessage());
      err.println(
          "  fix: this token may only read; use a token with the OPERATOR role (the static API token, "
              + "or a JWT with roles [\"OPERATOR\"])");
    } else if (problem != null
        && (problem.title() != null || problem.rule() != null || problem.violations() != null)) {
      ProblemText.print(err, problem);
    } else {
      err.println("error: " + failure.getMessage());
    }
    err.flush();
    return failure.exitCode();
  }

  private static Problem readProblem(JsonMapper json, String body) {
    try {
      return json.readValue(body, Argument.of(Problem.class));
    } catch (IOException | RuntimeException notAProblem) {
      return null;
    }
  }
}
