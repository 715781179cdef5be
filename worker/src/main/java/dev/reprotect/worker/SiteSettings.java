package dev.reprotect.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import java.time.Duration;

/**
 * Which site the activities reach, and how.
 *
 * @param adapter the site adapter; "simulated" (the default) is a simulation of vCenter and Azure
 *     Site Recovery loaded from an inventory file
 * @param agentPollInterval how often WAIT_FOR_AGENT asks whether the agent has registered
 * @param agentPollWindow how long one WAIT_FOR_AGENT attempt polls before the server retries it
 * @param syncPollInterval how often SYNCHRONIZE reads replication progress
 * @param maxConcurrentPerMasterTarget how many reprotections may hold disk slots of one master
 *     target while attaching and synchronizing (0 = only the 60-disk limit)
 */
@ConfigurationProperties("reprotect.site")
public record SiteSettings(
    @Bindable(defaultValue = "simulated") @NotBlank String adapter,
    @Bindable(defaultValue = "1s") Duration agentPollInterval,
    @Bindable(defaultValue = "60s") Duration agentPollWindow,
    @Bindable(defaultValue = "1s") Duration syncPollInterval,
    @Bindable(defaultValue = "0") @Min(0) int maxConcurrentPerMasterTarget) {

  /**
   * The simulated site.
   *
   * @param inventory an inventory YAML file; empty for the bundled sample
   * @param timeScale multiplies every duration of the inventory; 1.0 = the documents' real durations
   */
  @ConfigurationProperties("simulated")
  public record Simulated(
      @Nullable String inventory, @Bindable(defaultValue = "0.02") @Positive double timeScale) {}
}
