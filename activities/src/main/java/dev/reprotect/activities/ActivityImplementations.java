package dev.reprotect.activities;

import dev.reprotect.inventory.InventoryActivitiesImpl;
import dev.reprotect.preflight.PreflightActivitiesImpl;
import dev.reprotect.reprotect.ReprotectActivitiesImpl;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.OnPremSite;
import java.util.List;

/**
 * The three activity implementations over one pair of ports, for a worker to register: {@code
 * worker.registerActivitiesImplementations(ActivityImplementations.create(onPrem, azure,
 * settings).all().toArray())}. The simulated site implements both ports: {@code create(site, site,
 * settings)}.
 */
public record ActivityImplementations(
    PreflightActivitiesImpl preflight,
    ReprotectActivitiesImpl reprotect,
    InventoryActivitiesImpl inventory) {

  public static ActivityImplementations create(
      OnPremSite onPrem, AzureSide azure, ActivitySettings settings) {
    return new ActivityImplementations(
        new PreflightActivitiesImpl(onPrem, azure),
        new ReprotectActivitiesImpl(onPrem, azure, settings),
        new InventoryActivitiesImpl(onPrem, azure));
  }

  /** All three, in the order preflight, reprotect, inventory. */
  public List<Object> all() {
    return List.of(preflight, reprotect, inventory);
  }
}
