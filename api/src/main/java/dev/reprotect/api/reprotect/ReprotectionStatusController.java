package dev.reprotect.api.reprotect;

import dev.reprotect.api.docs.ApiProblems;
import dev.reprotect.api.docs.NotFoundProblem;
import dev.reprotect.reprotect.ReprotectStatus;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.CompletableFuture;

/**
 * A reprotection's status: the one read that dashboards, the CLI's watch and scripts poll. Unlike
 * the other endpoints it does not run on the blocking executor: its two Temporal calls go out at
 * once without blocking a thread, and the answer is written when both are back (PERFORMANCE.md, P5:
 * one thread hop less on every poll).
 */
@Validated
@ApiProblems
@Controller(Reprotections.PATH)
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class ReprotectionStatusController {

  private final Reprotections reprotections;

  public ReprotectionStatusController(Reprotections reprotections) {
    this.reprotections = reprotections;
  }

  @Operation(
      operationId = "getReprotection",
      summary = "A reprotection's status, each step with attempts and times")
  @NotFoundProblem
  @Get("/{id}")
  public CompletableFuture<ReprotectStatus> status(
      @PathVariable @Pattern(regexp = Ids.WORKFLOW, message = Ids.WORKFLOW_MESSAGE) String id) {
    return reprotections.statusAsync(id);
  }
}
