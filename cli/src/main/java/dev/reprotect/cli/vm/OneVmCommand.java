package dev.reprotect.cli.vm;

import dev.reprotect.cli.ApiCommand;
import picocli.CommandLine.Parameters;

/**
 * A command about one VM's reprotection, named by its first positional parameter (picocli reads the
 * annotated field from this superclass, so every such command declares it the same way).
 */
public abstract class OneVmCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "VM", description = "The replicated item.")
  protected String vm;

  /** Where this VM's reprotection is read. */
  protected String statusPath() {
    return VmPaths.status(vm);
  }
}
