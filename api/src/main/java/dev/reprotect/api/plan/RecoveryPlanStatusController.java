package dev.reprotect.api.plan;

import dev.reprotect.api.docs.ApiProblems;
import dev.reprotect.api.docs.NotFoundProblem;
import dev.reprotect.api.reprotect.Ids;
import dev.reprotect.plan.PlanStatus;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Pattern;
import java.util.concurrent.CompletableFuture;

/**
 * A plan's status, on the same non-blocking read path as a reprotection's: its Temporal calls go
 * out without blocking a thread (the plan's query and pages, its running machines' reads, the
 * protection watch's readings), and the answer is written when they are back.
 */
@Validated
@ApiProblems
@Controller(RecoveryPlans.PATH)
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class RecoveryPlanStatusController {

  private final RecoveryPlans plans;

  public RecoveryPlanStatusController(RecoveryPlans plans) {
    this.plans = plans;
  }

  /**
   * The plan's status: counts per state, progress, and each machine's summary (live while running);
   * {@code outOfPolicy}: its protected machines the protection watch last saw out of policy.
   */
  @Operation(
      operationId = "getPlanReprotection",
      summary = "The plan's status: counts per state, progress, each machine")
  @NotFoundProblem
  @Get("/{plan}/reprotection")
  public CompletableFuture<PlanStatus> status(
      @PathVariable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String plan) {
    return plans.statusAsync(plan);
  }
}
