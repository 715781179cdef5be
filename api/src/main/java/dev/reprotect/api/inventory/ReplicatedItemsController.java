package dev.reprotect.api.inventory;

import dev.reprotect.api.docs.ApiProblems;
import dev.reprotect.api.docs.NotFoundProblem;
import dev.reprotect.api.reprotect.Ids;
import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.api.temporal.WorkflowFailures;
import dev.reprotect.api.watch.ProtectionWatchReader;
import dev.reprotect.inventory.ListReplicatedItemsRequest;
import dev.reprotect.inventory.ReplicatedItem;
import dev.reprotect.inventory.ReplicatedItems;
import dev.reprotect.inventory.ReplicatedItemsWorkflow;
import dev.reprotect.inventory.ReprotectOptions;
import dev.reprotect.inventory.ReprotectOptionsRequest;
import dev.reprotect.inventory.ReprotectOptionsWorkflow;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.watch.ProtectionReadings;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.validation.Validated;
import io.swagger.v3.oas.annotations.Operation;
import io.temporal.client.WorkflowFailedException;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** What the Reprotect dialog offers: the replicated items, and the choices for one of them. */
@Validated
@ApiProblems
@Controller("/api/v1/replicated-items")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class ReplicatedItemsController {

  private final Temporal temporal;
  private final ProtectionWatchReader watch;

  public ReplicatedItemsController(Temporal temporal, ProtectionWatchReader watch) {
    this.temporal = temporal;
    this.watch = watch;
  }

  /**
   * Runs the short inventory workflow, then describes {@code reprotect-{name}} for each item; a
   * protected item carries the protection watch's last reading of it.
   */
  @Operation(
      operationId = "listReplicatedItems",
      summary = "The replicated items the Azure side knows")
  @Get
  public ReplicatedItemList list() {
    ReplicatedItemsWorkflow workflow =
        temporal
            .client()
            .newWorkflowStub(ReplicatedItemsWorkflow.class, temporal.shortWorkflow("inventory"));
    ReplicatedItems items;
    try {
      items = workflow.list(new ListReplicatedItemsRequest(null));
    } catch (WorkflowFailedException failed) {
      throw WorkflowFailures.toProblem(failed, "listing replicated items");
    }
    ProtectionReadings watched = watch.read();
    List<ReplicatedItemView> views =
        (items.items() == null ? List.<ReplicatedItem>of() : items.items())
            .stream()
                .map(
                    item -> {
                      String id = ReprotectRequest.workflowIdFor(item.name());
                      return ReplicatedItemView.of(
                          item,
                          temporal.describe(id).isPresent() ? id : null,
                          watched.of(item.name()).orElse(null));
                    })
                .toList();
    return new ReplicatedItemList(views);
  }

  /** The dialog's choices, each eligible or not with the rules why; 404 for an unknown item. */
  @Operation(
      operationId = "getReprotectOptions",
      summary = "The Reprotect dialog's choices for one item")
  @NotFoundProblem
  @Get("/{item}/reprotect-options")
  public ReprotectOptions options(
      @PathVariable @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String item,
      @QueryValue
          @Nullable
          @Size(max = Ids.MAX_NAME)
          @Pattern(regexp = Ids.NO_CONTROL, message = Ids.NO_CONTROL_MESSAGE)
          String masterTarget) {
    ReprotectOptionsWorkflow workflow =
        temporal
            .client()
            .newWorkflowStub(ReprotectOptionsWorkflow.class, temporal.shortWorkflow("options"));
    try {
      return workflow.options(new ReprotectOptionsRequest(item, masterTarget));
    } catch (WorkflowFailedException failed) {
      throw WorkflowFailures.toProblem(failed, "reading the reprotect options of " + item);
    }
  }
}
