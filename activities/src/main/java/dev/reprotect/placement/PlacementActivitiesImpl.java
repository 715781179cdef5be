package dev.reprotect.placement;

import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.OnPremSite;

/**
 * Reads the plan's facts through the ports and the slots ledgers, then asks {@link
 * PlacementEngine}. Read-only.
 */
public class PlacementActivitiesImpl implements PlacementActivities {

  private final OnPremSite onPrem;
  private final AzureSide azure;
  private final HeldSlots reservations;

  public PlacementActivitiesImpl(OnPremSite onPrem, AzureSide azure, HeldSlots reservations) {
    this.onPrem = onPrem;
    this.azure = azure;
    this.reservations = reservations;
  }

  @Override
  public Placement propose(RecoveryPlanRequest request) {
    return PlacementEngine.place(PlacementFacts.read(onPrem, azure, reservations, request));
  }
}
