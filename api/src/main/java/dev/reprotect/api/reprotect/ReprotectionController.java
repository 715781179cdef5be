package dev.reprotect.api.reprotect;

import dev.reprotect.api.docs.ApiProblems;
import dev.reprotect.api.docs.ConflictProblem;
import dev.reprotect.api.docs.NotFoundProblem;
import dev.reprotect.api.docs.OperatorOnly;
import dev.reprotect.api.docs.RuleViolationProblem;
import dev.reprotect.api.docs.RunningCommand;
import dev.reprotect.api.security.Requesters;
import dev.reprotect.api.web.Accepted;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

/**
 * Reprotection of one VM: start, dry run, list, cancel, history (status: {@link
 * ReprotectionStatusController}).
 */
@Validated
@ApiProblems
@Controller(Reprotections.PATH)
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class ReprotectionController {

  private final Reprotections reprotections;

  public ReprotectionController(Reprotections reprotections) {
    this.reprotections = reprotections;
  }

  /**
   * 202 with the first status; 409 while one runs; 422 with every rule violation, nothing started.
   */
  @Operation(operationId = "startReprotection", summary = "Start reprotecting one VM")
  @OperatorOnly
  @Status(HttpStatus.ACCEPTED)
  @ConflictProblem
  @RuleViolationProblem
  @Post
  public HttpResponse<ReprotectStatus> start(
      @Body @Valid ReprotectionBody body, Authentication authentication) {
    String by = Requesters.of(authentication);
    Reprotections.Started started =
        Requesters.as(by, () -> reprotections.start(body.toRequest(), by));
    return Accepted.at(Reprotections.location(started.id()), started.status());
  }

  /** The dry run: 200 whatever it finds. */
  @Operation(
      operationId = "preflightReprotection",
      summary = "Dry run: check every rule, change nothing")
  @Post("/preflight")
  public PreflightResponse preflight(@Body @Valid ReprotectionBody body) {
    return PreflightResponse.of(reprotections.preflight(body.toRequest()));
  }

  @Operation(operationId = "listReprotections", summary = "List reprotections, newest first, paged")
  @Get
  public ReprotectionPage list(
      @QueryValue @Nullable @Pattern(regexp = Ids.STATES, message = "must be a reprotection state")
          String state,
      @QueryValue @Nullable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String plan,
      @QueryValue(defaultValue = "0") @Min(0) int page,
      @QueryValue(defaultValue = "20") @Min(1) @Max(100) int size) {
    return reprotections.list(
        state == null ? null : ReprotectState.valueOf(state), plan, page, size);
  }

  /** 202 when cancellation was requested; 409 when it is not running. */
  @Operation(
      operationId = "cancelReprotection",
      summary = "Cancel; compensates what it had changed")
  @RunningCommand
  @Status(HttpStatus.ACCEPTED)
  @Post("/{id}/cancel")
  public HttpResponse<ReprotectStatus> cancel(
      @PathVariable @Pattern(regexp = Ids.WORKFLOW, message = Ids.WORKFLOW_MESSAGE) String id,
      Authentication authentication) {
    return Accepted.as(
        authentication, Reprotections.location(id), by -> reprotections.cancel(id, by));
  }

  /**
   * Temporal's JSON export of the event history, as {@code WorkflowExecutionHistory.fromJson} reads
   * it.
   */
  @Operation(
      operationId = "getReprotectionHistory",
      summary = "The workflow's event history, as Temporal's JSON export")
  @NotFoundProblem
  @Get(value = "/{id}/history", produces = MediaType.APPLICATION_JSON)
  public String history(
      @PathVariable @Pattern(regexp = Ids.WORKFLOW, message = Ids.WORKFLOW_MESSAGE) String id) {
    return reprotections.history(id);
  }
}
