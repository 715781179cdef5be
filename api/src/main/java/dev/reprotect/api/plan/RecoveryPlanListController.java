package dev.reprotect.api.plan;

import dev.reprotect.api.docs.ApiProblems;
import dev.reprotect.plan.PlanState;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/** Beyond the contract: the list of recovery-plan reprotections, for the dashboard and the CLI. */
@Validated
@ApiProblems
@Controller(RecoveryPlans.PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class RecoveryPlanListController {

  static final String STATES = "VALIDATING|RUNNING|PAUSED|PROTECTED|FAILED|CANCELLED";

  private final PlanList plans;

  public RecoveryPlanListController(PlanList plans) {
    this.plans = plans;
  }

  /**
   * Newest first, paged; each item is the plan's status as {@code GET .../{plan}/reprotection}
   * returns it.
   */
  @Operation(
      operationId = "listPlanReprotections",
      summary = "Beyond the contract: list recovery-plan reprotections, newest first, paged")
  @Get
  public PlanPage list(
      @QueryValue @Nullable @Pattern(regexp = STATES, message = "must be a plan state")
          String state,
      @QueryValue(defaultValue = "0") @Min(0) int page,
      @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
    return plans.list(state == null ? null : PlanState.valueOf(state), page, size);
  }
}
