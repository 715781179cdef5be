package dev.reprotect.site;

import dev.reprotect.inventory.OsType;
import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.rules.Violation;
import dev.reprotect.watch.ReplicationHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The Azure side and the Site Recovery infrastructure: replica VMs, the configuration server,
 * process servers, the network back to on-premises, and replication. Calls that need the
 * configuration server throw CONFIG_SERVER_UNREACHABLE ({@link SiteException}) while it is down;
 * calls through a process server without heartbeat throw PROCESS_SERVER_UNREACHABLE, through one
 * the configuration server does not know PROCESS_SERVER_NOT_REGISTERED (a rule: not retried).
 */
public interface AzureSide {

  Optional<Replica> replica(String replicatedItem);

  List<Replica> replicas();

  /** Whether the configuration server runs and is connected to Azure. Never throws. */
  boolean configServerReachable();

  /** Whether the VM is in the configuration server's database. */
  boolean inConfigServer(String replicatedItem);

  /** The replica's agent as the configuration server sees it. */
  AgentStatus agent(String replicatedItem);

  Optional<ProcessServer> processServer(String name);

  List<ProcessServer> processServers();

  NetworkPaths network();

  /** The failback ports that are closed; empty when all are open. */
  Set<Integer> closedFailbackPorts();

  void startReplication(ReplicationSpec spec);

  /**
   * What the Azure side itself would refuse in this reprotect (e.g. a retention drive its
   * configuration server does not list), read before anything changes; empty when it knows of
   * nothing more than the other reads of this port tell.
   */
  default List<Violation> reprotectViolations(ReplicationSpec spec) {
    return List.of();
  }

  ReplicationStatus replication(String replicatedItem);

  void stopReplication(String replicatedItem);

  /**
   * Every item protected back on-premises (reprotected, replicating to VMware), with its health:
   * what the protection watch follows. Items failed back, unprotected or still synchronizing are
   * not listed. One read for every item (Site Recovery lists them in pages).
   */
  List<ProtectedReplication> protectedReplications();

  // ---- Records. ----

  /** How the machine came to be in Azure. */
  enum Origin {
    FAILED_OVER,
    CREATED_IN_AZURE
  }

  enum Location {
    AZURE,
    ONPREM
  }

  enum ReplicationState {
    NOT_STARTED,
    SYNCHRONIZING,
    PROTECTED,
    STOPPED
  }

  record ReplicaDisk(String name, String uuid, long sizeBytes) {}

  /**
   * A replica VM in Azure.
   *
   * @param sourceVm the on-premises VM it was failed over from
   * @param sourceVCenter the vCenter that VM was discovered through
   * @param protectionState as Site Recovery reports it, e.g. FAILED_OVER, REPROTECTING, PROTECTED
   * @param protectionEnabled false when protection was disabled
   * @param osVersion e.g. "Windows Server 2008 R2 SP1"
   */
  record Replica(
      String name,
      String sourceVm,
      String sourceVCenter,
      OsType os,
      String osVersion,
      Origin origin,
      String protectionState,
      boolean protectionEnabled,
      boolean migrated,
      boolean movedResourceGroup,
      boolean protectedAsPhysical,
      String replicationGroup,
      String recoveryPlan,
      List<ReplicaDisk> disks) {}

  /**
   * @param afterBoot how long after boot in Azure it registered (site time); null when not yet
   */
  record AgentStatus(boolean registered, Duration afterBoot) {}

  record ProcessServer(String name, Location location, boolean heartbeat) {}

  record NetworkPaths(boolean siteToSiteVpn, boolean expressRoutePrivatePeering) {

    public boolean any() {
      return siteToSiteVpn || expressRoutePrivatePeering;
    }
  }

  record ReplicationSpec(
      String replicatedItem,
      String masterTarget,
      String processServer,
      String datastore,
      String retentionDrive,
      FailbackPolicy policy) {}

  /**
   * @param detail what the Azure side is doing beyond the bytes (e.g. a Site Recovery job's tasks,
   *     the RPO); null when nothing more is known
   */
  record ReplicationStatus(
      ReplicationState state,
      long bytesSent,
      long bytesTotal,
      String processServer,
      String detail) {

    public ReplicationStatus(
        ReplicationState state, long bytesSent, long bytesTotal, String processServer) {
      this(state, bytesSent, bytesTotal, processServer, null);
    }

    public int percent() {
      if (state == ReplicationState.PROTECTED
          || bytesTotal == 0 && state == ReplicationState.SYNCHRONIZING) {
        return state == ReplicationState.PROTECTED ? 100 : 0;
      }
      return bytesTotal == 0 ? 0 : (int) Math.min(100, bytesSent * 100 / bytesTotal);
    }
  }

  /**
   * One protected item's replication as the Azure side reports it.
   *
   * @param rpoSeconds the age of its latest recovery point when the Azure side last computed it
   * @param healthErrors the Azure side's health errors, each as one line (empty when healthy)
   * @param lastRecoveryPoint its latest recovery point, or null when the Azure side does not say
   */
  record ProtectedReplication(
      String replicatedItem,
      String recoveryPlan,
      long rpoSeconds,
      ReplicationHealth health,
      List<String> healthErrors,
      Instant lastRecoveryPoint) {}
}
