package dev.reprotect.api.capacity;

import dev.reprotect.api.docs.ApiProblems;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;

/** Beyond the contract: the master targets' 60 disk slots, held, reserved and free. */
@ApiProblems
@Controller("/api/v1/master-targets")
@ExecuteOn(TaskExecutors.BLOCKING)
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class MasterTargetsController {

  private final MasterTargetSlots slots;

  public MasterTargetsController(MasterTargetSlots slots) {
    this.slots = slots;
  }

  @Operation(
      operationId = "listMasterTargets",
      summary =
          "Beyond the contract: every master target's disk slots (held, reserved, free of 60)")
  @Get
  public MasterTargetList list() {
    return slots.all();
  }
}
