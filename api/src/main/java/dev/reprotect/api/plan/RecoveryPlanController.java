package dev.reprotect.api.plan;

import dev.reprotect.api.docs.ApiProblems;
import dev.reprotect.api.docs.ConflictProblem;
import dev.reprotect.api.docs.NotFoundProblem;
import dev.reprotect.api.docs.OperatorOnly;
import dev.reprotect.api.docs.RuleViolationProblem;
import dev.reprotect.api.docs.RunningCommand;
import dev.reprotect.api.reprotect.Ids;
import dev.reprotect.api.reprotect.PreflightResponse;
import dev.reprotect.api.web.Accepted;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.preflight.PreflightReport;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * Reprotection of a recovery plan: every machine of the plan, one reprotection each, through a
 * bounded window. Start, dry run, cancel; pause and resume beyond the contract (the status is
 * {@link RecoveryPlanStatusController}'s).
 */
@Validated
@ApiProblems
@Controller(RecoveryPlans.PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class RecoveryPlanController {

  private final RecoveryPlans plans;

  public RecoveryPlanController(RecoveryPlans plans) {
    this.plans = plans;
  }

  /**
   * Reprotect every machine of the plan: 202 with the plan's first status and its Location; 409
   * while the plan runs; 422 with every rule violation (each naming its machine), nothing started.
   * Starting a finished plan again retries only its machines that are not protected. With {@code
   * "placement": "auto"} the values a machine leaves out are filled as {@link #placement} proposes
   * them (422 with the unmet constraints when impossible), and recorded in the plan.
   */
  @Operation(operationId = "startPlanReprotection", summary = "Reprotect every machine of the plan")
  @OperatorOnly
  @Status(HttpStatus.ACCEPTED)
  @ConflictProblem
  @RuleViolationProblem
  @Post("/{plan}/reprotect")
  public HttpResponse<PlanStatus> start(
      @PathVariable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String plan,
      @Body @Valid @NotNull PlanBody body,
      Authentication authentication) {
    return Accepted.as(
        authentication,
        RecoveryPlans.location(plan),
        by -> {
          RecoveryPlanRequest request =
              plans.request(plan, body.toRequests(plan, plans.maxMachines()));
          return plans.start(body.autoPlacement() ? plans.placed(request) : request, by);
        });
  }

  /**
   * Proposes every machine's master target, process server, datastore and retention drive, keeping
   * the values given: 200 with the assignment and each master target's slots, or 422 with every
   * unmet constraint (rule, machine, fix). Nothing is started.
   */
  @Operation(
      operationId = "placePlan",
      summary =
          "Propose master target, process server, datastore and retention drive for every machine")
  @RuleViolationProblem
  @Post("/{plan}/placement")
  public PlacementResponse placement(
      @PathVariable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String plan,
      @Body @Valid @NotNull PlanBody body) {
    return PlacementResponse.of(
        plans.place(plans.request(plan, body.toRequests(plan, plans.maxMachines()))));
  }

  /** The plan's dry run: 200 whatever it finds; violations name their machine. */
  @Operation(operationId = "preflightPlanReprotection", summary = "Dry run for the whole plan")
  @Post("/{plan}/reprotect/preflight")
  public PreflightResponse preflight(
      @PathVariable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String plan,
      @Body @Valid @NotNull PlanBody body) {
    PreflightReport report =
        plans.preflight(plans.request(plan, body.toRequests(plan, plans.maxMachines())));
    return new PreflightResponse(
        report.ok(),
        report.violations() == null ? List.of() : report.violations(),
        report.warnings() == null ? List.of() : report.warnings());
  }

  /**
   * 202 when cancellation of the plan and its machines was requested; 409 when it is not running.
   */
  @Operation(operationId = "cancelPlanReprotection", summary = "Cancel the plan and its machines")
  @RunningCommand
  @Status(HttpStatus.ACCEPTED)
  @Post("/{plan}/reprotection/cancel")
  public HttpResponse<PlanStatus> cancel(
      @PathVariable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String plan,
      Authentication authentication) {
    return Accepted.as(authentication, RecoveryPlans.location(plan), by -> plans.cancel(plan, by));
  }

  /** Beyond the contract: the plan workflow's event history, as Temporal's JSON export. */
  @Operation(
      operationId = "planReprotectionHistory",
      summary = "Beyond the contract: the plan workflow's event history")
  @NotFoundProblem
  @Get(value = "/{plan}/reprotection/history", produces = MediaType.APPLICATION_JSON)
  public String history(
      @PathVariable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String plan) {
    return plans.history(plan);
  }

  /**
   * Beyond the contract: start no new machine until resumed (running ones go on); 409 when not
   * running.
   */
  @Operation(
      operationId = "pausePlanReprotection",
      summary = "Beyond the contract: start no new machine until resumed")
  @RunningCommand
  @Status(HttpStatus.ACCEPTED)
  @Post("/{plan}/reprotection/pause")
  public HttpResponse<PlanStatus> pause(
      @PathVariable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String plan,
      Authentication authentication) {
    return Accepted.as(authentication, RecoveryPlans.location(plan), by -> plans.pause(plan, by));
  }

  /** Beyond the contract: start machines again after a pause; 409 when not running. */
  @Operation(
      operationId = "resumePlanReprotection",
      summary = "Beyond the contract: start machines again after a pause")
  @RunningCommand
  @Status(HttpStatus.ACCEPTED)
  @Post("/{plan}/reprotection/resume")
  public HttpResponse<PlanStatus> resume(
      @PathVariable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String plan,
      Authentication authentication) {
    return Accepted.as(authentication, RecoveryPlans.location(plan), by -> plans.resume(plan, by));
  }
}
