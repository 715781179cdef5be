package dev.reprotect.worker;

import dev.reprotect.asr.AsrAzureSide;
import dev.reprotect.simulated.SharedStateSite;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.site.AzureSide;
import dev.reprotect.vcenter.Tls;
import dev.reprotect.vcenter.VCenterSite;
import dev.reprotect.vcenter.Vim25Client;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.core.annotation.Nullable;
import io.temporal.client.WorkflowClient;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reprotect.site.adapter: vcenter}: the on-premises port is a real vCenter ({@link
 * VCenterSite} over vim25 SOAP); the Azure side stays the SIMULATED one (its inventory, {@code
 * reprotect.site.simulated.inventory}, names the vCenter's VMs as replicas) until its own adapter
 * lands.
 */
@Factory
@Requires(property = "reprotect.site.adapter", value = "vcenter")
public class VCenterSiteFactory {

  private static final Logger LOG = LoggerFactory.getLogger(VCenterSiteFactory.class);
  static final String PASSWORD_ENV = "REPROTECT_VCENTER_PASSWORD";

  @Singleton
  SimulatedSite simulatedAzureSide(SiteSettings.Simulated settings) {
    SimulatedSite.Options options =
        SimulatedSite.Options.defaults().withTimeScale(settings.timeScale());
    String inventory = settings.inventory();
    if (inventory == null || inventory.isBlank()) {
      LOG.info("Azure side: SIMULATED, bundled sample inventory");
      return SimulatedSite.loadSample(options);
    }
    LOG.info("Azure side: SIMULATED, inventory {}", inventory);
    return SimulatedSite.load(Path.of(inventory), options);
  }

  /** Closed with the application context: its vCenter session is logged out. */
  @Singleton
  @Bean(preDestroy = "close")
  VCenterSite vcenterSite(SiteSettings.VCenter vc) {
    if (vc.url() == null || vc.url().isBlank()) {
      throw new ConfigurationException(
          "reprotect.site.adapter is vcenter but reprotect.site.vcenter.url is not set");
    }
    URI url = URI.create(vc.url());
    if ("https".equalsIgnoreCase(url.getScheme()) && vc.insecure()) {
      LOG.warn(
          "vCenter {}: certificate checks are OFF (reprotect.site.vcenter.insecure=true)", url);
    }
    var tls =
        "https".equalsIgnoreCase(url.getScheme())
            ? Tls.context(
                vc.insecure(),
                vc.thumbprint(),
                vc.caFile() == null || vc.caFile().isBlank() ? null : Path.of(vc.caFile()))
            : null;
    Vim25Client client =
        new Vim25Client(
            new Vim25Client.Options(url, vc.username(), password(vc), tls, vc.timeout()));
    List<String> mts = vc.masterTargets() == null ? List.of() : List.copyOf(vc.masterTargets());
    LOG.info(
        "Site: vCenter {} at {} as {} (master targets {}); Azure side SIMULATED",
        vc.name(),
        url,
        vc.username(),
        mts);
    return new VCenterSite(
        client,
        new VCenterSite.Settings(vc.name(), mts, vc.taskTimeout()),
        VCenterSite.activityHeartbeat());
  }

  /** The password, read at each login: a secret file, else the environment, else configuration. */
  static Supplier<String> password(SiteSettings.VCenter vc) {
    String file = vc.passwordFile();
    if (file != null && !file.isBlank()) {
      Path path = Path.of(file);
      return () -> {
        try {
          return Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the vCenter password file " + path, e);
        }
      };
    }
    String env = System.getenv(PASSWORD_ENV);
    if (env != null && !env.isEmpty()) {
      return () -> env;
    }
    String configured = vc.password();
    return () -> configured;
  }

  @Singleton
  SiteActivities siteActivities(
      VCenterSite onPrem,
      SimulatedSite simulatedAzure,
      SiteSettings settings,
      SiteSettings.Simulated simulatedSettings,
      WorkflowClient client,
      TemporalSettings temporal,
      @Nullable AsrAzureSide asr) {
    AzureSide azure = simulatedAzure;
    String stateFile = simulatedSettings.stateFile();
    if (stateFile != null && !stateFile.isBlank()) {
      // Several worker processes, one simulated Azure side.
      SharedStateSite shared = SharedStateSite.open(simulatedAzure, Path.of(stateFile));
      LOG.info("Azure side: SIMULATED state shared through {}", shared.file());
      azure = shared;
    }
    if (asr != null) {
      azure = asr; // reprotect.site.azure.adapter: asr
    }
    return SiteActivities.over(
        "vcenter", onPrem, azure, settings, client, temporal.slotsTaskQueue());
  }
}
