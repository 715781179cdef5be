package dev.reprotect.cli;

import io.micronaut.configuration.picocli.MicronautFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import picocli.CommandLine;

/** The {@code reprotect} command line's entry point: picocli commands built by Micronaut. */
public final class ReprotectCli {

  private ReprotectCli() {}

  public static void main(String[] args) {
    int exitCode;
    try (ApplicationContext context =
        ApplicationContext.builder(ReprotectCli.class, Environment.CLI)
            .deduceEnvironment(false)
            .start()) {
      exitCode = commandLine(context).execute(args);
    }
    System.exit(exitCode);
  }

  /** The command line with the CLI's error reporting and exit codes; tests run exactly this. */
  public static CommandLine commandLine(ApplicationContext context) {
    CommandLine commandLine =
        new CommandLine(ReprotectCommand.class, new MicronautFactory(context));
    commandLine.setExecutionExceptionHandler(new ErrorReporter());
    commandLine.setCaseInsensitiveEnumValuesAllowed(true);
    return commandLine;
  }
}
