package dev.reprotect.watch;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the protection watch last saw: every protected item's reading, and when the watch last
 * checked (null before its first check). The API's replicated items, plan status and metrics read
 * this one projection.
 *
 * @param checks how many checks the watch made, over all its runs
 */
public record ProtectionReadings(
    List<ProtectionReading> items, Instant lastCheckedAt, long checks) {

  public static final ProtectionReadings NONE = new ProtectionReadings(List.of(), null, 0);

  public ProtectionReadings {
    items = items == null ? List.of() : List.copyOf(items);
  }

  public Optional<ProtectionReading> of(String replicatedItem) {
    return items.stream().filter(r -> r.replicatedItem().equals(replicatedItem)).findFirst();
  }

  /** How many of the plan's protected machines are out of policy. */
  public int outOfPolicy(String recoveryPlan) {
    return (int)
        items.stream()
            .filter(r -> Objects.equals(recoveryPlan, r.recoveryPlan()) && r.outOfPolicy())
            .count();
  }
}
