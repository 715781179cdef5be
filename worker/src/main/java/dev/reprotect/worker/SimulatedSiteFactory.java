package dev.reprotect.worker;

import dev.reprotect.activities.ActivityImplementations;
import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.asr.AsrAzureSide;
import dev.reprotect.capacity.CapacityActivitiesImpl;
import dev.reprotect.placement.LedgerHeldSlots;
import dev.reprotect.placement.PlacementActivitiesImpl;
import dev.reprotect.plan.PlanActivitiesImpl;
import dev.reprotect.plan.PlanPreflightActivitiesImpl;
import dev.reprotect.simulated.SharedStateSite;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.site.AzureSide;
import dev.reprotect.watch.ProtectionActivitiesImpl;
import dev.reprotect.site.OnPremSite;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default adapter: a SIMULATED site standing in for vCenter and Azure Site Recovery, loaded
 * from an inventory file, behind the same ports a real adapter implements.
 */
@Factory
@Requires(property = "reprotect.site.adapter", value = "simulated", defaultValue = "simulated")
public class SimulatedSiteFactory {

  private static final Logger LOG = LoggerFactory.getLogger(SimulatedSiteFactory.class);

  @Singleton
  SimulatedSite simulatedSite(SiteSettings.Simulated settings) {
    SimulatedSite.Options options = SimulatedSite.Options.defaults().withTimeScale(settings.timeScale());
    String inventory = settings.inventory();
    if (inventory == null || inventory.isBlank()) {
      LOG.info("Site: SIMULATED, bundled sample inventory, time scale {}", settings.timeScale());
      return SimulatedSite.loadSample(options);
    }
    LOG.info("Site: SIMULATED, inventory {}, time scale {}", inventory, settings.timeScale());
    return SimulatedSite.load(Path.of(inventory), options);
  }

  @Singleton
  SiteActivities siteActivities(SimulatedSite simulated, SiteSettings settings, SiteSettings.Simulated simulatedSettings,
      WorkflowClient client, TemporalSettings temporal, @Nullable AsrAzureSide asr) {
    ActivitySettings timing =
        new ActivitySettings(settings.agentPollInterval(), settings.agentPollWindow(), settings.syncPollInterval());
    OnPremSite onPrem = simulated;
    AzureSide azure = simulated;
    String stateFile = simulatedSettings.stateFile();
    if (stateFile != null && !stateFile.isBlank()) {
      // Several worker processes, one site: every port call goes through the shared state file.
      SharedStateSite shared = SharedStateSite.open(simulated, Path.of(stateFile));
      LOG.info("Site: SIMULATED state shared through {}", shared.file());
      onPrem = shared;
      azure = shared;
    }
    if (asr != null) {
      azure = asr; // reprotect.site.azure.adapter: asr
    }
    List<Object> implementations = new ArrayList<>(ActivityImplementations.create(onPrem, azure, timing).all());
    implementations.add(new PlanPreflightActivitiesImpl(onPrem, azure));
    implementations.add(new PlacementActivitiesImpl(onPrem, azure, new LedgerHeldSlots(client)));
    implementations.add(new PlanActivitiesImpl(client));
    implementations.add(new ProtectionActivitiesImpl(azure));
    implementations.add(new CapacityActivitiesImpl(
        client, temporal.taskQueue(), onPrem, settings.maxConcurrentPerMasterTarget()));
    return new SiteActivities("simulated", implementations);
  }
}
