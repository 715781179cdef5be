package dev.reprotect.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A command that talks to the API: it runs with a session and answers an exit code. */
@Command
public abstract class ApiCommand implements Callable<Integer> {

  @Spec protected CommandSpec spec;

  @Override
  public final Integer call() throws Exception {
    ReprotectCommand root = (ReprotectCommand) spec.root().userObject();
    try (CliSession session = root.openSession(spec)) {
      return run(session);
    }
  }

  protected abstract int run(CliSession session) throws Exception;
}
