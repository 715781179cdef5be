package dev.reprotect.api.plan;

import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.placement.MasterTargetLoad;
import dev.reprotect.placement.Placement;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * The answer of {@code POST /api/v1/recovery-plans/{plan}/placement}: every machine's values
 * ({@code given} lists those the request gave) and each master target's disk slots.
 */
@Serdeable
public record PlacementResponse(
    String plan, List<MachinePlacement> machines, List<MasterTargetLoad> masterTargets) {

  static PlacementResponse of(Placement placement) {
    return new PlacementResponse(placement.plan(), placement.machines(), placement.masterTargets());
  }
}
