package dev.reprotect.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs {@code reprotect ...} in-process exactly as the jar's main does (same command line, error
 * reporting and exit codes), with stdout and stderr captured. The CLI gets its own Micronaut
 * context (environment {@code cli}), as in the jar; the server's classes share this test JVM, so
 * that context is told not to start any of them.
 */
final class CliRunner implements AutoCloseable {

  /** What one run printed and answered. */
  record Result(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.lines().toList();
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- out:\n" + out + "--- err:\n" + err;
    }
  }

  private final ApplicationContext context =
      ApplicationContext.builder(Environment.CLI)
          .deduceEnvironment(false)
          .properties(
              Map.of(
                  "reprotect.worker.enabled", "false",
                  "reprotect.api.enabled", "false",
                  "reprotect.temporal.embedded-server", "false"))
          .start();
  private final String api;
  private final String token;

  CliRunner(String api, String token) {
    this.api = api;
    this.token = token;
  }

  /** With this runner's --api and --token before the arguments. */
  Result run(String... args) {
    List<String> all = new ArrayList<>(List.of("--api", api));
    if (token != null) {
      all.addAll(List.of("--token", token));
    }
    all.addAll(List.of(args));
    return runExactly(all.toArray(String[]::new));
  }

  /** Exactly these arguments. */
  Result runExactly(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = ReprotectCli.commandLine(context);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    int exitCode = commandLine.execute(args);
    Result result = new Result(exitCode, out.toString(), err.toString());
    if (token != null) {
      assertFalse(
          result.out().contains(token) || result.err().contains(token),
          "the token was printed: " + result);
    }
    return result;
  }

  @Override
  public void close() {
    context.close();
  }
}
