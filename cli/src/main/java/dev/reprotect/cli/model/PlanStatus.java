package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Map;

/** A recovery plan's reprotection status: counts per state, progress, each machine, its groups. */
@Serdeable
public record PlanStatus(
    @Nullable String id,
    String plan,
    @Nullable String state,
    @Nullable Map<String, Integer> counts,
    int progressPercent,
    @Nullable String eta,
    @Nullable List<MachineStatus> machines,
    @Nullable List<GroupStatus> groups,
    @Nullable Failure error,
    @Nullable String startedAt,
    @Nullable String endedAt,
    @Nullable Integer outOfPolicy) {

  public boolean ended() {
    return States.ended(state);
  }

  public List<MachineStatus> machineList() {
    return machines == null ? List.of() : machines;
  }
}
