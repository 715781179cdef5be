package dev.reprotect.rules;

import java.util.EnumSet;
import java.util.Set;

/**
 * The rule catalogue of {@code shared/reference/rules.md}, one constant per stable ID. The ID is
 * what every error names: the API's {@code rule} field, the workflow failure's type, metrics tags.
 * IDs never change meaning; a new rule gets a new constant.
 */
public enum Rule {
  REPLICA_NOT_FOUND(
      "Replica VM not found",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The replica Azure VM must exist (a deleted replica cannot fail back)",
      "None: fail back is impossible; re-enable protection from on-premises"),
  REPLICA_NOT_PROTECTED(
      "Replica not protected",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The replica must still be protected (protection disabled cannot fail back)",
      "Re-enable replication"),
  VM_CREATED_IN_AZURE(
      "VM created in Azure",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The machine must have been protected on-premises and failed over to Azure, not created in Azure",
      "Not supported"),
  VM_MIGRATED(
      "VM was migrated",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "A machine that was migrated (not failed over) cannot fail back",
      "Not supported"),
  VM_MOVED_RESOURCE_GROUP(
      "Replica moved to another resource group",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The replica must not have been moved to another resource group",
      "Move it back"),
  DIRECTION_NOT_AZURE_TO_ONPREM(
      "Direction is not Azure to on-premises",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The direction of protection must be Azure to on-premises",
      "Choose Azure to on-premises"),
  PHYSICAL_WS2008R2SP1(
      "Physical Windows Server 2008 R2 SP1",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "A Windows Server 2008 R2 SP1 server protected as a physical server cannot fail back",
      "Not supported"),
  TARGET_NOT_ESXI(
      "Target is not an ESXi host",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "Fail back only to an ESXi host: not to Hyper-V, physical machines or VMware Workstation",
      "Choose an ESXi host"),
  FREE_ESXI_EDITION(
      "Free ESXi edition",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "ESXi 5.5 free edition and vSphere 6 Hypervisor free edition cannot take failback",
      "Upgrade to an evaluation or paid licence"),
  VM_NOT_IN_CONFIG_SERVER(
      "VM not in configuration server",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The VM must exist in the configuration server database",
      "Restore the configuration server (same IP) from backup"),
  AGENT_NOT_REGISTERED(
      "Agent not registered",
      Kind.TRANSIENT,
      EnumSet.of(When.STEP),
      "The VM's agent must register with the configuration server; after boot in Azure this takes up to 15 minutes",
      "Wait, or check the agent and connectivity"),
  DISK_UUID_CLASH(
      "Disk UUID clash",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "Each VM's disks need their own UUID; a clash with the master target (same template) fails",
      "Deploy a master target from another template"),
  FAILBACK_POLICY_FIXED(
      "Failback policy is fixed",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The failback policy is fixed (RPO 15 min, retention 24 h, app-consistent every 60 min) and not editable",
      "Leave the policy out of the request"),
  ONPREM_VM_POWERED_ON(
      "On-premises VM powered on",
      Kind.RULE,
      EnumSet.of(When.STEP),
      "The on-premises VM is off during and after reprotect; it must not be turned on",
      "Power it off; do not turn it on until failback"),
  CONFIG_SERVER_UNREACHABLE(
      "Configuration server unreachable",
      Kind.TRANSIENT,
      EnumSet.of(When.PREFLIGHT, When.STEP),
      "The on-premises configuration server must be running and connected to Azure",
      "Start it / restore connectivity (port 443)"),
  PROCESS_SERVER_UNREACHABLE(
      "Process server unreachable",
      Kind.TRANSIENT,
      EnumSet.of(When.PREFLIGHT, When.STEP),
      "The process server must reach the configuration server (port 443) and have a heartbeat",
      "Check connectivity and the heartbeat"),
  VCENTER_DISCONNECTED(
      "vCenter disconnected",
      Kind.TRANSIENT,
      EnumSet.of(When.PREFLIGHT, When.STEP),
      "VCenter must be connected before failback (disk detach/attach fails otherwise)",
      "Reconnect vCenter"),
  VCENTER_READ_ONLY_ACCOUNT(
      "Read-only vCenter account",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "A read-only vCenter discovery account cannot discover datastores for reprotect",
      "Update the vCenter credentials with the required permissions, then retry"),
  ALTERNATE_VCENTER_NOT_DISCOVERED(
      "Alternate vCenter not discovered",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "Failing back to an alternate vCenter needs that vCenter and the master target discovered",
      "Discover both, then retry"),
  NETWORK_PATH_MISSING(
      "Network path missing",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "Replication back needs a site-to-site VPN or ExpressRoute private peering",
      "Provide the network path"),
  PROCESS_SERVER_NOT_REGISTERED(
      "Process server not registered",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The process server named must be one registered with the configuration server (the Reprotect dialog lists"
          + " only those); a name it does not know is a mistake, not an outage",
      "Choose a registered process server (the reprotect options list them)"),
  PROCESS_SERVER_REMOTE_OVER_VPN(
      "Process server remote over VPN",
      Kind.WARNING,
      EnumSet.of(When.PREFLIGHT),
      "With only a S2S VPN, a process server in Azure is recommended",
      "Deploy a process server in Azure"),
  PORTS_CLOSED(
      "Failback ports closed",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The failback ports must be open",
      "Open the required ports"),
  MT_HAS_SNAPSHOTS(
      "Master target has snapshots",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The master target must have no snapshots on its disks",
      "Delete the master target's snapshots"),
  MT_OS_MISMATCH(
      "Master target OS mismatch",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The master target must run the VM's OS type; Linux VMs need a Linux master target",
      "Use or deploy a master target of that OS"),
  MT_PARAVIRTUAL_SCSI(
      "Master target has a Paravirtual SCSI controller",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The master target's controller must be LSI Logic, not Paravirtual SCSI",
      "Change the controller to LSI Logic"),
  MT_NO_VMWARE_TOOLS(
      "Master target lacks VMware tools",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "VMware tools must be installed on the master target (datastores are not detected otherwise)",
      "Install VMware tools"),
  MT_DISK_ENABLEUUID(
      "Master target lacks disk.EnableUUID",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The master target VM needs disk.EnableUUID=true",
      "Add the setting to its configuration parameters"),
  MT_NO_VMFS_DATASTORE(
      "Master target has no VMFS datastore",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The master target needs at least one VMFS datastore attached",
      "Attach a VMFS datastore"),
  MT_DISK_LIMIT(
      "Master target disk limit",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT, When.PLAN),
      "A master target holds at most 60 disks at once, counting those already attached",
      "Use another master target or deploy more"),
  MT_STORAGE_VMOTIONED(
      "Master target Storage-vMotioned",
      Kind.RULE,
      EnumSet.of(When.STEP),
      "The master target must not be Storage-vMotioned (its attached disks move and detach fails)",
      "Exclude master targets from Storage vMotion; locate and re-attach the disks"),
  DATASTORE_REQUIRED(
      "Datastore required",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "A datastore must be given even when the disks already exist (it is then ignored)",
      "Choose a datastore"),
  DATASTORE_NFS_UNSUPPORTED(
      "NFS datastore unsupported",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "Only VMFS or vSAN datastores take failback; NFS does not",
      "Create a VMFS datastore (this forces a full VMDK download)"),
  DATASTORE_NOT_ACCESSIBLE(
      "Datastore not accessible",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The datastore (and, for original-location recovery, the VM's own datastores, read/write) must be mounted on the master target's ESXi host",
      "Mount it read/write on that host"),
  RETENTION_DRIVE_INVALID(
      "Retention drive invalid",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "The retention volume: not used for anything else (e.g. a replication target), not locked, not the cache/install volume of the process server or master target, not FAT/FAT32, capacity above zero",
      "Add and format a new drive; it may take up to 15 minutes to appear"),
  RETENTION_DRIVE_NOT_VISIBLE(
      "Retention drive not visible yet",
      Kind.TRANSIENT,
      EnumSet.of(When.PREFLIGHT),
      "A newly added retention drive takes up to 15 minutes to be listed",
      "Wait or refresh the configuration server"),
  GROUP_REQUIRES_RECOVERY_PLAN(
      "Replication group requires a recovery plan",
      Kind.RULE,
      EnumSet.of(When.PREFLIGHT),
      "VMs in a replication group (multi-VM consistency) can only be reprotected through a recovery plan",
      "Reprotect the recovery plan instead"),
  GROUP_MIXED_OS(
      "Replication group mixes OS types",
      Kind.RULE,
      EnumSet.of(When.PLAN),
      "All VMs of a replication group share one OS type",
      "Split the group"),
  GROUP_MULTIPLE_MASTER_TARGETS(
      "Replication group on several master targets",
      Kind.RULE,
      EnumSet.of(When.PLAN),
      "All VMs of a replication group use the same master target (else no common point in time)",
      "Choose one master target for the group"),
  PLAN_VALUES_MISSING(
      "Recovery plan values missing",
      Kind.RULE,
      EnumSet.of(When.PLAN),
      "Reprotecting a recovery plan needs the values (master target, process server, datastore, retention drive) for every protected machine",
      "Provide them for each machine");

  /** How a violation behaves. */
  public enum Kind {
    /** Non-retryable: the user must fix something. */
    RULE,
    /** Retryable within a bound, then a rule failure with the same ID. */
    TRANSIENT,
    /** Reported, does not block. */
    WARNING
  }

  /** When the rule is checked. */
  public enum When {
    PREFLIGHT,
    STEP,
    PLAN
  }

  private final String title;
  private final Kind kind;
  private final Set<When> when;
  private final String requirement;
  private final String fix;

  Rule(String title, Kind kind, Set<When> when, String requirement, String fix) {
    this.title = title;
    this.kind = kind;
    this.when = when;
    this.requirement = requirement;
    this.fix = fix;
  }

  public String title() {
    return title;
  }

  public Kind kind() {
    return kind;
  }

  public Set<When> when() {
    return when;
  }

  /** What the rule requires, as the catalogue says it. */
  public String requirement() {
    return requirement;
  }

  /** The fix to name in every error for this rule. */
  public String fix() {
    return fix;
  }

  /** The problem type URI the HTTP API uses for this rule. */
  public String typeUri() {
    return "https://reprotect.dev/rules/" + name();
  }

  public boolean retryable() {
    return kind == Kind.TRANSIENT;
  }

  /** The rule's ID as search attributes and metrics carry it; null for no rule. */
  public static String idOf(Rule rule) {
    return rule == null ? null : rule.name();
  }
}
