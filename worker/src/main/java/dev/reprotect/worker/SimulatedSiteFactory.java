package dev.reprotect.worker;

import dev.reprotect.asr.AsrAzureSide;
import dev.reprotect.simulated.SharedStateSite;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.worker.server.EmbeddedTemporalServer;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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
    SimulatedSite.Options options =
        SimulatedSite.Options.defaults().withTimeScale(settings.timeScale());
    String inventory = settings.inventory();
    if (inventory == null || inventory.isBlank()) {
      LOG.info("Site: SIMULATED, bundled sample inventory, time scale {}", settings.timeScale());
      return SimulatedSite.loadSample(options);
    }
    LOG.info("Site: SIMULATED, inventory {}, time scale {}", inventory, settings.timeScale());
    return SimulatedSite.load(Path.of(inventory), options);
  }

  @Singleton
  SiteActivities siteActivities(
      SimulatedSite simulated,
      SiteSettings settings,
      SiteSettings.Simulated simulatedSettings,
      WorkflowClient client,
      TemporalSettings temporal,
      @Nullable AsrAzureSide asr,
      @Nullable EmbeddedTemporalServer embedded) {
    OnPremSite onPrem = simulated;
    AzureSide azure = simulated;
    String stateFile = simulatedSettings.stateFile();
    if ((stateFile == null || stateFile.isBlank())
        && embedded != null
        && embedded.dataDir().isPresent()) {
      stateFile = embeddedStateFile(embedded).toString();
    }
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
    return SiteActivities.over(
        "simulated", onPrem, azure, settings, client, temporal.slotsTaskQueue());
  }

  /**
   * The embedded default keeps the simulated site's state beside Temporal's database, so that the
   * workflows resume after a restart into the site they left. A new database means a fresh start: a
   * site state left from an earlier database would not match it, and is set aside.
   */
  private static Path embeddedStateFile(EmbeddedTemporalServer embedded) {
    Path file = embedded.dataDir().orElseThrow().resolve("simulated-site.json");
    if (embedded.freshState() && Files.exists(file)) {
      try {
        Path aside = file.resolveSibling("simulated-site.json.old");
        Files.move(file, aside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        LOG.info(
            "Site: a new Temporal database; the simulated site state of the earlier one is set aside as {}",
            aside);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot set aside " + file, e);
      }
    }
    return file;
  }
}
