package dev.reprotect.cli.plan;

import dev.reprotect.cli.ApiCommand;
import picocli.CommandLine.Parameters;

/**
 * A command about one recovery plan's reprotection, named by its first positional parameter
 * (picocli reads the annotated field from this superclass, so every such command declares it the
 * same way).
 */
public abstract class OnePlanCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "PLAN", description = "The recovery plan.")
  protected String plan;

  /** Where this plan's reprotection is read. */
  protected String statusPath() {
    return PlanPaths.status(plan);
  }
}
