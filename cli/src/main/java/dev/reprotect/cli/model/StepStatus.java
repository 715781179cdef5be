package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** One runbook step of a reprotection as its status shows it. */
@Serdeable
public record StepStatus(
    String name,
    @Nullable String state,
    int attempts,
    @Nullable String startedAt,
    @Nullable String endedAt,
    @Nullable String detail) {

  public boolean running() {
    return "RUNNING".equals(state);
  }
}
