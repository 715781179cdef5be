package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One machine of a plan as the plan's status summarises it; {@code state} PENDING before it starts.
 */
@Serdeable
public record MachineStatus(
    String replicatedItem,
    @Nullable String id,
    @Nullable String state,
    int progressPercent,
    @Nullable Failure error) {

  public boolean ended() {
    return States.ended(state);
  }

  public boolean pending() {
    return state == null || "PENDING".equals(state);
  }
}
