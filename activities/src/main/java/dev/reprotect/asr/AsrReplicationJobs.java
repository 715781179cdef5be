package dev.reprotect.asr;

import static dev.reprotect.asr.ArmJson.find;
import static dev.reprotect.asr.ArmJson.instant;
import static dev.reprotect.asr.ArmJson.text;
import static dev.reprotect.asr.AsrVault.reprotected;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.reprotect.asr.ArmClient.Response;
import dev.reprotect.preflight.Durations;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.rules.Rule;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.site.SiteException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the replication back for {@link AsrAzureSide}: the {@code reProtect} and {@code
 * remove} POSTs, each checked against the item's current job first (neither POST is idempotent),
 * and the following of the job they start through {@link AsrOperations}.
 */
final class AsrReplicationJobs {

  private static final Logger LOG = LoggerFactory.getLogger(AsrReplicationJobs.class);

  private final AsrSettings settings;
  private final ArmClient arm;
  private final Clock clock;
  private final AsrVault vault;
  private final AsrOperations operations;

  AsrReplicationJobs(
      AsrSettings settings, ArmClient arm, Clock clock, AsrVault vault, AsrOperations operations) {
    this.settings = settings;
    this.arm = arm;
    this.clock = clock;
    this.vault = vault;
    this.operations = operations;
  }

  /**
   * Posts the reprotect unless it is done or its job runs already, then follows the job; a job a
   * failed POST may have started is followed, never posted twice.
   */
  void start(ReplicationSpec spec) {
    String item = spec.replicatedItem();
    String what = "reprotect of " + item;
    JsonNode fabric = vault.requireConfigServer();
    // Check, then act: a reProtect POST is not idempotent, so the item's current job comes first.
    JsonNode p = vault.requireItem(item).path("properties");
    if (reprotected(p.path("providerSpecificDetails"))) {
      LOG.info(
          "{}: reprotected already (InMage, master target {}): nothing to post",
          item,
          text(p.path("providerSpecificDetails"), "masterTargetId"));
      return;
    }
    String jobBefore = AsrOperations.jobIdOf(p);
    JsonNode job = operations.currentJob(p);
    if (job != null && AsrOperations.state(job) == AsrJobState.SUSPENDED) {
      throw AsrErrors.jobSuspended(what, AsrOperations.describeJob(job));
    }
    if (job != null && !AsrOperations.state(job).ended()) {
      LOG.info(
          "{}: {} already current: followed, not posted again",
          item,
          AsrOperations.describeJob(job));
      follow(item, () -> operations.followCurrent(what, item, settings.startFollow()));
      return;
    }
    JsonNode ps = find(fabric.path("processServers"), "friendlyName", spec.processServer());
    if (ps == null) {
      throw new SiteException(
          Rule.PROCESS_SERVER_NOT_REGISTERED,
          "fabric " + settings.fabric() + " has no process server " + spec.processServer());
    }
    if (!vault.fresh(text(ps, "lastHeartbeat"))) {
      throw new SiteException(
          Rule.PROCESS_SERVER_UNREACHABLE,
          "process server "
              + spec.processServer()
              + " last heartbeat at "
              + text(ps, "lastHeartbeat"));
    }
    JsonNode mt = find(fabric.path("masterTargetServers"), "name", spec.masterTarget());
    if (mt == null) {
      throw new SiteException(
          ProductFailure.MASTER_TARGET_NOT_FOUND,
          "fabric "
              + settings.fabric()
              + " has no master target server "
              + spec.masterTarget()
              + ". Fix: register the master target with the configuration server");
    }
    if (mt.path("dataStores").size() > 0
        && find(mt.path("dataStores"), "symbolicName", spec.datastore()) == null) {
      throw new SiteException(
          Rule.DATASTORE_NOT_ACCESSIBLE,
          "Site Recovery lists no datastore "
              + spec.datastore()
              + " for master target "
              + spec.masterTarget());
    }
    String policyId = vault.failbackPolicyId(spec.policy());
    ObjectNode input = ArmClient.json().createObjectNode();
    ObjectNode properties = input.putObject("properties");
    properties.put("failoverDirection", "RecoveryToPrimary");
    ObjectNode inMage = properties.putObject("providerSpecificDetails");
    inMage.put("instanceType", "InMage");
    inMage.put("masterTargetId", text(mt, "id"));
    inMage.put("processServerId", text(ps, "id"));
    inMage.put("retentionDrive", spec.retentionDrive());
    if (settings.runAsAccountId() != null && !settings.runAsAccountId().isBlank()) {
      inMage.put("runAsAccountId", settings.runAsAccountId());
    }
    inMage.put("datastoreName", spec.datastore());
    inMage.put("profileId", policyId);
    Response accepted;
    try {
      accepted = arm.post(vault.itemPath(item) + "/reProtect", input);
    } catch (SiteException fault) {
      if (!fault.is(ProductFailure.AZURE_UNAVAILABLE)) {
        throw fault;
      }
      // A 5xx or a broken connection: Azure may have started the job. Look before anyone posts
      // again.
      String jobAfter =
          vault
              .protectedItem(item)
              .map(i -> AsrOperations.jobIdOf(i.path("properties")))
              .orElse(null);
      if (jobAfter == null || jobAfter.equalsIgnoreCase(jobBefore)) {
        throw fault;
      }
      LOG.info(
          "{}: the reProtect POST failed ({}) but Site Recovery started job {}: followed, not posted again",
          item,
          fault.getMessage(),
          jobAfter);
      follow(item, () -> operations.followCurrent(what, item, settings.startFollow()));
      return;
    }
    if (accepted.status() == 404) {
      throw new SiteException(
          Rule.REPLICA_NOT_FOUND, "no replicated item " + item + " in " + settings.containerPath());
    }
    if (!accepted.ok()) {
      throw vault.failure(what, accepted);
    }
    LOG.info(
        "{}: reprotect accepted by Site Recovery ({}), following it for up to {}",
        item,
        accepted.status(),
        settings.startFollow());
    follow(item, () -> operations.follow(what, item, accepted, jobBefore, settings.startFollow()));
  }

  /** Follows the reprotect, a too-late AGENT_NOT_REGISTERED becoming the rule's final failure. */
  private void follow(String item, Runnable following) {
    try {
      following.run();
    } catch (SiteException fault) {
      throw pastAgentBound(item, fault);
    }
  }

  /**
   * AGENT_NOT_REGISTERED is transient only within 15 minutes of the failover (the VM's boot in
   * Azure); later it is the rule's failure, not retried.
   */
  private SiteException pastAgentBound(String item, SiteException fault) {
    if (fault.rule() != Rule.AGENT_NOT_REGISTERED) {
      return fault;
    }
    Instant failover =
        vault
            .protectedItem(item)
            .map(i -> instant(text(i.path("properties"), "lastSuccessfulFailoverTime")))
            .orElse(null);
    if (failover == null
        || Duration.between(failover, clock.instant())
                .compareTo(AsrAzureSide.AGENT_REGISTRATION_BOUND)
            <= 0) {
      return fault;
    }
    return fault.pastBound(
        fault.getMessage()
            + " ("
            + Durations.format(Duration.between(failover, clock.instant()))
            + " after the failover, past the 15-minute bound)");
  }

  /** Disables protection (the remove POST) and follows its job; nothing when the item is gone. */
  void stop(String replicatedItem) {
    Optional<JsonNode> item = vault.protectedItem(replicatedItem);
    if (item.isEmpty()) {
      return; // already gone: nothing to stop
    }
    String what = "disable protection of " + replicatedItem;
    JsonNode job = operations.currentJob(item.get().path("properties"));
    if (job != null
        && !AsrOperations.state(job).ended()
        && AsrAzureSide.DISABLE_SCENARIO.equalsIgnoreCase(
            text(job.path("properties"), "scenarioName"))) {
      // A remove POST while one runs is refused ("another operation is in progress"): follow it.
      LOG.info(
          "{}: {} already current: followed, not posted again",
          replicatedItem,
          AsrOperations.describeJob(job));
      operations.followCurrent(what, replicatedItem, settings.startFollow());
      return;
    }
    String jobBefore = AsrOperations.jobIdOf(item.get().path("properties"));
    ObjectNode input = ArmClient.json().createObjectNode();
    input.putObject("properties").put("disableProtectionReason", "NotSpecified");
    Response accepted = arm.post(vault.itemPath(replicatedItem) + "/remove", input);
    if (accepted.status() == 404) {
      return; // already gone: nothing to stop
    }
    if (!accepted.ok()) {
      throw vault.failure(what, accepted);
    }
    operations.follow(what, replicatedItem, accepted, jobBefore, settings.startFollow());
  }
}
