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
 *     Site Recovery loaded from an inventory file; "vcenter" puts a real vCenter (vim25 SOAP)
 *     behind the on-premises port while the Azure side stays simulated
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
   * @param timeScale multiplies every duration of the inventory; 1.0 = the documents' real
   *     durations
   * @param stateFile a file through which several processes share one simulated site (every worker
   *     process of one Temporal names the same file); empty = this process's own site, in memory
   */
  @ConfigurationProperties("simulated")
  public record Simulated(
      @Nullable String inventory,
      @Bindable(defaultValue = "0.02") @Positive double timeScale,
      @Nullable String stateFile) {}

  /**
   * The vCenter of {@code adapter: vcenter}. The password is read at each login from {@code
   * password-file}, else the environment variable {@code REPROTECT_VCENTER_PASSWORD}, else {@code
   * password}; it never appears in logs, workflow payloads or histories.
   *
   * @param url the SDK endpoint, e.g. {@code https://vc.example/sdk}
   * @param name the vCenter's name as the configuration server knows it (replicas' source vCenter)
   * @param masterTargets the VMs that are master targets
   * @param insecure skip certificate checks (only by this explicit setting)
   * @param thumbprint accept the server certificate with this SHA-1 or SHA-256 thumbprint
   * @param caFile trust these CA certificates (PEM) instead of the JDK's
   * @param timeout one HTTP call's connect and read timeout
   * @param taskTimeout how long one vCenter task (power off, reconfigure...) may run
   */
  @ConfigurationProperties("vcenter")
  public record VCenter(
      @Nullable String url,
      @Bindable(defaultValue = "administrator@vsphere.local") String username,
      @Nullable String passwordFile,
      @Nullable String password,
      @Bindable(defaultValue = "vcenter") String name,
      @Nullable java.util.List<String> masterTargets,
      @Bindable(defaultValue = "false") boolean insecure,
      @Nullable String thumbprint,
      @Nullable String caFile,
      @Bindable(defaultValue = "30s") Duration timeout,
      @Bindable(defaultValue = "1h") Duration taskTimeout) {

    @Override
    public String toString() {
      return "VCenter[url="
          + url
          + ", username="
          + username
          + ", name="
          + name
          + ", insecure="
          + insecure
          + "]";
    }
  }
}
