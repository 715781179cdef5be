package dev.reprotect.worker;

import dev.reprotect.activities.ActivityImplementations;
import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.capacity.CapacityActivitiesImpl;
import dev.reprotect.placement.LedgerHeldSlots;
import dev.reprotect.placement.PlacementActivitiesImpl;
import dev.reprotect.plan.PlanActivitiesImpl;
import dev.reprotect.plan.PlanPreflightActivitiesImpl;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.watch.ProtectionActivitiesImpl;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;

/**
 * The activity implementations of the configured site adapter (simulated by default), ready to
 * register on the worker.
 *
 * @param adapter the adapter's name, for logs and health
 * @param implementations every activity of the main task queue
 * @param ledgerImplementations the activities the slots ledgers call (their reconciliation), served
 *     on the ledgers' own task queue
 */
public record SiteActivities(
    String adapter, List<Object> implementations, List<Object> ledgerImplementations) {

  /** Every activity of the worker over one pair of ports, whichever adapters implement them. */
  static SiteActivities over(
      String adapter,
      OnPremSite onPrem,
      AzureSide azure,
      SiteSettings settings,
      WorkflowClient client,
      String slotsTaskQueue) {
    ActivitySettings timing =
        new ActivitySettings(
            settings.agentPollInterval(), settings.agentPollWindow(), settings.syncPollInterval());
    List<Object> implementations =
        new ArrayList<>(ActivityImplementations.create(onPrem, azure, timing).all());
    implementations.add(new PlanPreflightActivitiesImpl(onPrem, azure));
    implementations.add(new PlacementActivitiesImpl(onPrem, azure, new LedgerHeldSlots(client)));
    implementations.add(new PlanActivitiesImpl(client));
    implementations.add(new ProtectionActivitiesImpl(azure));
    // Starts ledgers on their own queue; the same instance serves their reconciliation there.
    CapacityActivitiesImpl capacity =
        new CapacityActivitiesImpl(
            client, slotsTaskQueue, onPrem, settings.maxConcurrentPerMasterTarget());
    implementations.add(capacity);
    return new SiteActivities(adapter, implementations, List.of(capacity));
  }
}
