package dev.reprotect.asr;

import static dev.reprotect.asr.ArmJson.contains;
import static dev.reprotect.asr.ArmJson.find;
import static dev.reprotect.asr.ArmJson.instant;
import static dev.reprotect.asr.ArmJson.text;
import static dev.reprotect.asr.ArmJson.texts;
import static dev.reprotect.asr.AsrVault.reprotected;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.reprotect.SyncProgress;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.SiteException;
import io.temporal.activity.Activity;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Azure side over Azure Site Recovery's REST API (Microsoft.RecoveryServices, api-version
 * {@value AsrSettings#DEFAULT_API_VERSION} by default), for VMware VMs failed over to Azure and
 * reprotected back to VMware with the classic stack: a configuration server fabric, items
 * InMageAzureV2 before reprotect and InMage after. Resources and fields used, as the published
 * specification (Azure/azure-rest-api-specs, specification/recoveryservicessiterecovery,
 * stable/2025-08-01/service.json) defines them:
 *
 * <ul>
 *   <li>{@code replicationFabrics/{f}}: {@code customDetails} of instanceType VMware
 *       (VMwareDetails): {@code lastHeartbeat} of the configuration server, {@code
 *       processServers[]} (friendlyName, id, lastHeartbeat, health) and {@code
 *       masterTargetServers[]} (name, id, retentionVolumes[].volumeName,
 *       dataStores[].symbolicName); {@code replicationvCenters} (friendlyName, infrastructureId). A
 *       fabric of instanceType InMageRcm (the modernized stack: processServers[] of
 *       ProcessServerDetails, reprotectAgents[], no master targets) is refused.
 *   <li>{@code replicationProtectionContainers/{c}/replicationProtectedItems/{i}}: protectionState,
 *       activeLocation, allowedOperations (ReverseReplicate is the reprotect), replicationHealth,
 *       healthErrors, currentScenario (scenarioName, jobId), lastSuccessfulFailoverTime,
 *       protectableItemId and providerSpecificDetails: InMageAzureV2 before reprotect (osType,
 *       osVersion, discoveryType, vCenterInfrastructureId, lastHeartbeat, multiVmGroupName,
 *       targetVmId, protectedDisks[]), InMage after it (osDetails.osType, osVersion, rpoInSeconds,
 *       processServerId, masterTargetId, protectedDisks[].resyncProgressPercentage,
 *       resyncDetails.initialReplicationProgressPercentage: a string; no targetVmId). Items
 *       InMageRcm and InMageRcmFailback (the modernized stack) are refused.
 *   <li>{@code .../replicationProtectedItems/{i}/reProtect} (POST ReverseReplicationInput:
 *       failoverDirection RecoveryToPrimary, InMageReprotectInput with masterTargetId,
 *       processServerId, retentionDrive, runAsAccountId, datastoreName, profileId) and {@code
 *       /remove} (POST DisableProtectionInput): long-running, 200 or 202, followed by {@link
 *       AsrOperations}. The item's current job is read before any reProtect POST, so that no retry
 *       starts a second reprotect job.
 *   <li>{@code replicationJobs/{j}}: state and tasks[].state (NotStarted, InProgress, Succeeded,
 *       Failed, Cancelled, Suspended, Other: {@link AsrJobState}), errors[] whose
 *       serviceErrorDetails carry code, message, possibleCauses and recommendedAction.
 *   <li>{@code replicationPolicies/{p}}: providerSpecificDetails of instanceType InMage (the
 *       failback policy: recoveryPointThresholdInMinutes, recoveryPointHistory,
 *       appConsistentFrequencyInMinutes); a forward InMageAzureV2 policy is refused. {@code
 *       replicationRecoveryPlans} (groups[].replicationProtectedItems[].id), the vault-wide {@code
 *       replicationMigrationItems} (VMwareCbt: a machine that was migrated is one of these, not a
 *       protected item) and the replica VM itself (Microsoft.Compute: not found where Site Recovery
 *       put it means it was moved or deleted).
 * </ul>
 *
 * <p>What Site Recovery does not hold comes from {@link AsrSettings}: the network path, closed
 * failback ports and which process servers run in Azure. Faults are mapped by {@link AsrErrors}.
 */
public final class AsrAzureSide implements AzureSide {

  private static final Logger LOG = LoggerFactory.getLogger(AsrAzureSide.class);

  /**
   * An agent registers within 15 minutes of the VM's boot in Azure (rules.md,
   * AGENT_NOT_REGISTERED).
   */
  static final Duration AGENT_REGISTRATION_BOUND = Duration.ofMinutes(15);

  /** The allowed operation that is a reprotect (ReplicationProtectedItemOperation). */
  static final String REPROTECT_OPERATION = "ReverseReplicate";

  /** The scenario of a job disabling protection (the {@code remove} POST). */
  static final String DISABLE_SCENARIO = "DisableProtection";

  private final AsrSettings settings;
  private final ArmClient arm;
  private final AsrOperations operations;
  private final AsrVault vault;
  private final AsrReplicaReader replicas;
  private final AsrReplicationJobs replicationJobs;

  /**
   * @param onJobProgress called with the reprotect job's progress while START_REPLICATION follows
   *     it ({@link #activityHeartbeat()} in a worker)
   */
  public AsrAzureSide(
      AsrSettings settings, ArmClient arm, Clock clock, Consumer<String> onJobProgress) {
    this.settings = settings;
    this.arm = arm;
    this.vault = new AsrVault(settings, arm, clock);
    this.replicas = new AsrReplicaReader(vault, arm);
    this.operations = new AsrOperations(settings, arm, clock, onJobProgress, vault::protectedItem);
    this.replicationJobs = new AsrReplicationJobs(settings, arm, clock, vault, operations);
  }

  /** Heartbeats the current activity with the job's progress as {@link SyncProgress#detail()}. */
  public static Consumer<String> activityHeartbeat() {
    return detail -> {
      try {
        Activity.getExecutionContext().heartbeat(new SyncProgress(0, 0, 0, "STARTING", detail));
      } catch (IllegalStateException notInActivity) {
        // called outside an activity (tests): nothing to heartbeat
      }
    };
  }

  @Override
  public String toString() {
    return "AsrAzureSide[" + settings + "]";
  }

  // ---- Replicas. ----

  @Override
  public Optional<Replica> replica(String replicatedItem) {
    return replicas.replica(replicatedItem);
  }

  @Override
  public List<Replica> replicas() {
    return replicas.replicas();
  }

  @Override
  public List<ProtectedReplication> protectedReplications() {
    return AsrProtectedReplications.read(
        vault.list(
            settings.containerPath() + "/replicationProtectedItems", "list the replicated items"),
        replicas.recoveryPlans());
  }

  // ---- Configuration server, agent, process servers, network. ----

  @Override
  public boolean configServerReachable() {
    try {
      return vault.fresh(text(vault.fabricDetails(), "lastHeartbeat"));
    } catch (RuntimeException e) {
      LOG.info(
          "configuration server of fabric {}: not reachable through Site Recovery: {}",
          settings.fabric(),
          e.toString());
      return false;
    }
  }

  @Override
  public boolean inConfigServer(String replicatedItem) {
    vault.requireConfigServer();
    JsonNode item = vault.requireItem(replicatedItem);
    String protectable = text(item.path("properties"), "protectableItemId");
    return protectable != null && arm.get(protectable).ok();
  }

  @Override
  public AgentStatus agent(String replicatedItem) {
    vault.requireConfigServer();
    JsonNode p = vault.requireItem(replicatedItem).path("properties");
    Instant heartbeat = instant(text(p.path("providerSpecificDetails"), "lastHeartbeat"));
    Instant failover = instant(text(p, "lastSuccessfulFailoverTime"));
    boolean registered =
        heartbeat != null
            && vault.fresh(heartbeat)
            && (failover == null || heartbeat.isAfter(failover));
    // ASR keeps the agent's last heartbeat, not when it first registered: report how long after the
    // failover it was seen.
    return new AgentStatus(
        registered,
        registered && failover != null
            ? Duration.between(failover, heartbeat)
            : registered ? Duration.ZERO : null);
  }

  @Override
  public Optional<ProcessServer> processServer(String name) {
    return processServers().stream().filter(ps -> ps.name().equals(name)).findFirst();
  }

  @Override
  public List<ProcessServer> processServers() {
    List<ProcessServer> out = new ArrayList<>();
    for (JsonNode ps : vault.fabricDetails().path("processServers")) {
      String name = text(ps, "friendlyName");
      out.add(
          new ProcessServer(
              name,
              settings.azureProcessServers().contains(name) ? Location.AZURE : Location.ONPREM,
              vault.fresh(text(ps, "lastHeartbeat"))
                  && !"Critical".equalsIgnoreCase(text(ps, "health"))));
    }
    return out;
  }

  @Override
  public NetworkPaths network() {
    return settings.network();
  }

  @Override
  public Set<Integer> closedFailbackPorts() {
    return settings.closedFailbackPorts();
  }

  // ---- Replication. ----

  /**
   * What Site Recovery itself would refuse in this reprotect, read before anything changes: a
   * reprotect the item's allowedOperations do not allow, a retention drive or datastore the
   * configuration server does not list for the master target, a master target it does not know, a
   * policy that is not the InMage failback policy, and a replication group already reprotected to
   * another master target (its members' InMage masterTargetId).
   */
  @Override
  public List<Violation> reprotectViolations(ReplicationSpec spec) {
    String item = spec.replicatedItem();
    List<Violation> found = new ArrayList<>();
    Optional<JsonNode> read = vault.protectedItem(item);
    if (read.isEmpty()) {
      return found; // no replica: REPLICA_NOT_FOUND or VM_MIGRATED, from replica()
    }
    JsonNode p = read.get().path("properties");
    JsonNode d = p.path("providerSpecificDetails");
    if (reprotected(d)) {
      return found; // past the reprotect: the step finds it started
    }
    JsonNode fabric = vault.requireConfigServer();
    JsonNode job = operations.currentJob(p);
    boolean jobRuns = job != null && !AsrOperations.state(job).ended();
    if (AsrReplicaReader.failedOver(p)
        && AsrReplicaReader.protectionEnabled(text(p, "protectionState"))
        && !jobRuns
        && !contains(p.path("allowedOperations"), REPROTECT_OPERATION)) {
      found.add(
          new Violation(
              Rule.REPLICA_NOT_PROTECTED,
              "Site Recovery does not allow a reprotect of "
                  + item
                  + " in protection state "
                  + text(p, "protectionState")
                  + " (allowed operations: "
                  + texts(p.path("allowedOperations"))
                  + ")",
              "do first what Site Recovery allows on the item (e.g. Commit"
                  + " a failover still pending commit), then retry",
              item));
    }
    JsonNode mt =
        spec.masterTarget() == null
            ? null
            : find(fabric.path("masterTargetServers"), "name", spec.masterTarget());
    if (spec.masterTarget() != null && mt == null) {
      found.add(
          new Violation(
              Rule.ALTERNATE_VCENTER_NOT_DISCOVERED,
              "the configuration server of fabric "
                  + settings.fabric()
                  + " lists no master target server "
                  + spec.masterTarget()
                  + " (it lists "
                  + texts(fabric.path("masterTargetServers"), "name")
                  + ")",
              "register master target "
                  + spec.masterTarget()
                  + " with the configuration server, then retry",
              item));
    }
    if (mt != null
        && spec.retentionDrive() != null
        && find(mt.path("retentionVolumes"), "volumeName", spec.retentionDrive()) == null) {
      found.add(
          Violation.of(
              Rule.RETENTION_DRIVE_INVALID,
              item,
              "the configuration server lists no retention volume "
                  + spec.retentionDrive()
                  + " on master target "
                  + spec.masterTarget()
                  + " (it lists "
                  + texts(mt.path("retentionVolumes"), "volumeName")
                  + ")"));
    }
    if (mt != null
        && spec.datastore() != null
        && mt.path("dataStores").size() > 0
        && find(mt.path("dataStores"), "symbolicName", spec.datastore()) == null) {
      found.add(
          Violation.of(
              Rule.DATASTORE_NOT_ACCESSIBLE,
              item,
              "Site Recovery lists no datastore "
                  + spec.datastore()
                  + " for master target "
                  + spec.masterTarget()
                  + " (it lists "
                  + texts(mt.path("dataStores"), "symbolicName")
                  + ")"));
    }
    String group = text(d, "multiVmGroupName");
    if (mt != null && group != null && !group.isBlank()) {
      for (JsonNode member : vault.protectedItems()) {
        JsonNode md = member.path("properties").path("providerSpecificDetails");
        String other = text(md, "masterTargetId");
        if (reprotected(md)
            && group.equals(text(md, "multiVmGroupName"))
            && other != null
            && !other.equalsIgnoreCase(text(mt, "id"))) {
          JsonNode otherMt = find(fabric.path("masterTargetServers"), "id", other);
          found.add(
              Violation.of(
                  Rule.GROUP_MULTIPLE_MASTER_TARGETS,
                  item,
                  "replication group "
                      + group
                      + "'s "
                      + member.path("name").asText()
                      + " is reprotected to master target "
                      + (otherMt == null ? other : text(otherMt, "name"))
                      + ", not "
                      + spec.masterTarget()));
          break;
        }
      }
    }
    try {
      vault.failbackPolicyId(spec.policy());
    } catch (SiteException refused) {
      found.add(refused.violation(item));
    }
    return found;
  }

  @Override
  public void startReplication(ReplicationSpec spec) {
    replicationJobs.start(spec);
  }

  @Override
  public ReplicationStatus replication(String replicatedItem) {
    Optional<JsonNode> found = vault.protectedItem(replicatedItem);
    if (found.isEmpty()) {
      return new ReplicationStatus(
          ReplicationState.STOPPED,
          0,
          0,
          null,
          "no replicated item " + replicatedItem + " in the vault");
    }
    JsonNode p = found.get().path("properties");
    JsonNode d = p.path("providerSpecificDetails");
    String state = text(p, "protectionState");
    if (!reprotected(d)) {
      // Not reprotected yet (InMageAzureV2, failed over): the item's current job says how far it
      // got.
      JsonNode job = operations.currentJob(p);
      AsrJobState jobState = job == null ? null : AsrOperations.state(job);
      if (jobState == AsrJobState.SUSPENDED) {
        throw AsrErrors.jobSuspended(
            "reprotect of " + replicatedItem, AsrOperations.describeJob(job));
      }
      if (jobState == AsrJobState.IN_PROGRESS || jobState == AsrJobState.OTHER) {
        return new ReplicationStatus(
            ReplicationState.SYNCHRONIZING, 0, totalBytes(d), null, AsrOperations.describeJob(job));
      }
      // No job, or one that failed or was cancelled (START_REPLICATION posts again), or one still
      // queued (NotStarted: START_REPLICATION follows it instead of posting a second one).
      return new ReplicationStatus(
          ReplicationState.NOT_STARTED,
          0,
          totalBytes(d),
          null,
          "protection state " + state + (job == null ? "" : "; " + AsrOperations.describeJob(job)));
    }
    String job = runningJob(replicatedItem, p);
    List<String> detail = new ArrayList<>();
    long total = 0;
    long sent = 0;
    int lowest = 100;
    for (JsonNode disk : d.path("protectedDisks")) {
      long size = disk.path("diskCapacityInBytes").asLong();
      int pct = percentOf(disk.path("resyncProgressPercentage"));
      total += size;
      sent += size * pct / 100;
      lowest = Math.min(lowest, pct);
    }
    if (d.path("protectedDisks").isEmpty()) {
      // No per-disk progress: InitialReplicationDetails gives the whole, as a string.
      lowest = percentOf(d.path("resyncDetails").path("initialReplicationProgressPercentage"));
    }
    int percent = total == 0 ? lowest : (int) (sent * 100 / total);
    detail.add("resync " + percent + "%");
    if (d.hasNonNull("rpoInSeconds")) {
      detail.add("RPO " + d.path("rpoInSeconds").asLong() + " s");
    }
    if (job != null) {
      detail.add(job);
    }
    if ("Critical".equalsIgnoreCase(text(p, "replicationHealth"))
        && p.path("healthErrors").size() > 0) {
      detail.add("health: " + AsrError.fromHealthError(p.path("healthErrors").get(0)).describe());
    }
    ReplicationState ours;
    if (state != null && (state.startsWith("Unprotected") || state.equals("DisablingProtection"))) {
      ours = ReplicationState.STOPPED;
    } else if ("Protected".equals(state) && lowest >= 100 && job == null) {
      ours = ReplicationState.PROTECTED;
    } else {
      ours = ReplicationState.SYNCHRONIZING;
    }
    return new ReplicationStatus(
        ours,
        ours == ReplicationState.PROTECTED ? total : sent,
        total,
        vault.processServerName(text(d, "processServerId")),
        String.join("; ", detail));
  }

  @Override
  public void stopReplication(String replicatedItem) {
    replicationJobs.stop(replicatedItem);
  }

  // ---- Jobs. ----

  /**
   * The job of a reprotected item's current scenario, summarised; null when none runs. A failed one
   * throws its error, mapped, a cancelled or suspended one its typed failure: replication back
   * cannot go on by itself.
   */
  private String runningJob(String item, JsonNode properties) {
    JsonNode job = operations.currentJob(properties);
    if (job == null) {
      return null;
    }
    AsrOperations.throwIfStopped(text(job.path("properties"), "scenarioName") + " of " + item, job);
    return AsrOperations.state(job) == AsrJobState.SUCCEEDED
        ? null
        : AsrOperations.describeJob(job);
  }

  /**
   * A percentage sent as a number or, as InitialReplicationDetails has it, a string; 0 when absent.
   */
  static int percentOf(JsonNode value) {
    int pct;
    if (value.isNumber()) {
      pct = value.asInt();
    } else {
      try {
        pct = value.isTextual() ? (int) Math.round(Double.parseDouble(value.asText().trim())) : 0;
      } catch (NumberFormatException unreadable) {
        pct = 0;
      }
    }
    return Math.max(0, Math.min(100, pct));
  }

  private static long totalBytes(JsonNode d) {
    long total = 0;
    for (JsonNode disk : d.path("protectedDisks")) {
      total += disk.path("diskCapacityInBytes").asLong();
    }
    return total;
  }
}
