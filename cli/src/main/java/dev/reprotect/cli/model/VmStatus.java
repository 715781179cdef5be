package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Optional;

/** A reprotection's status (the contract's status body). */
@Serdeable
public record VmStatus(
    String id,
    @Nullable String replicatedItem,
    @Nullable String plan,
    @Nullable String state,
    int progressPercent,
    @Nullable List<StepStatus> steps,
    @Nullable Failure error,
    @Nullable String startedAt,
    @Nullable String endedAt) {

  public boolean ended() {
    return States.ended(state);
  }

  /** The step running now, else the last one that started: what the VM is doing or last did. */
  public Optional<StepStatus> currentStep() {
    if (steps == null) {
      return Optional.empty();
    }
    Optional<StepStatus> running = steps.stream().filter(StepStatus::running).findFirst();
    if (running.isPresent()) {
      return running;
    }
    return steps.stream().filter(s -> s.startedAt() != null).reduce((first, second) -> second);
  }
}
