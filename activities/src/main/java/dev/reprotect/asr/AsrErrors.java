package dev.reprotect.asr;

import dev.reprotect.rules.ProductFailure;
import dev.reprotect.rules.Rule;
import dev.reprotect.site.SiteException;
import java.util.List;
import java.util.Locale;

/**
 * Site Recovery's errors as ours. An error that matches a rule of the catalogue becomes a {@link
 * SiteException} of that rule (transient or not as the rule is), its message Site Recovery's code,
 * message and possible causes, its fix Site Recovery's recommended action. Site Recovery publishes
 * no stable list of error codes, so the match is on the words of the code, message and possible
 * causes (e.g. "mobility agent ... not registered" is AGENT_NOT_REGISTERED). An error that matches
 * no rule is a non-retryable {@code ASR_OPERATION_FAILED} carrying the same text. Authentication,
 * authorization, throttling and service faults have types of their own ({@link ProductFailure});
 * every one is a {@link SiteException}, which activities report.
 */
public final class AsrErrors {

  /** The settings that hold the credentials, named by every authentication failure. */
  static final String CREDENTIAL_SETTINGS =
      "reprotect.site.azure.asr.tenant-id, reprotect.site.azure.asr.client-id and"
          + " reprotect.site.azure.asr.client-secret-file (or"
          + " reprotect.site.azure.asr.certificate-file, or"
          + " reprotect.site.azure.asr.managed-identity), or"
          + " reprotect.site.azure.asr.access-token-file";

  private record Match(Rule rule, List<String> all) {}

  /** First match wins: the more specific phrases come first. */
  private static final List<Match> MATCHES =
      List.of(
          new Match(Rule.AGENT_NOT_REGISTERED, List.of("agent", "not registered")),
          new Match(Rule.AGENT_NOT_REGISTERED, List.of("mobility service", "not registered")),
          new Match(Rule.AGENT_NOT_REGISTERED, List.of("agent", "heartbeat")),
          new Match(Rule.PROCESS_SERVER_UNREACHABLE, List.of("process server", "heartbeat")),
          new Match(Rule.PROCESS_SERVER_UNREACHABLE, List.of("process server", "unreachable")),
          new Match(Rule.PROCESS_SERVER_UNREACHABLE, List.of("process server", "not connected")),
          new Match(
              Rule.CONFIG_SERVER_UNREACHABLE, List.of("configuration server", "not connected")),
          new Match(Rule.CONFIG_SERVER_UNREACHABLE, List.of("configuration server", "unreachable")),
          new Match(Rule.CONFIG_SERVER_UNREACHABLE, List.of("configuration server", "heartbeat")),
          new Match(Rule.VCENTER_DISCONNECTED, List.of("vcenter", "not connected")),
          new Match(Rule.VCENTER_DISCONNECTED, List.of("vcenter", "disconnected")),
          new Match(Rule.MT_HAS_SNAPSHOTS, List.of("master target", "snapshot")),
          new Match(Rule.MT_DISK_LIMIT, List.of("master target", "disks")),
          new Match(Rule.DISK_UUID_CLASH, List.of("uuid")),
          new Match(Rule.RETENTION_DRIVE_INVALID, List.of("retention")),
          new Match(Rule.DATASTORE_NFS_UNSUPPORTED, List.of("datastore", "nfs")),
          new Match(Rule.DATASTORE_NOT_ACCESSIBLE, List.of("datastore")),
          new Match(Rule.VM_MOVED_RESOURCE_GROUP, List.of("resource group", "moved")),
          new Match(Rule.FAILBACK_POLICY_FIXED, List.of("policy")));

  private AsrErrors() {}

  /** The rule an error matches, if any. */
  public static java.util.Optional<Rule> ruleOf(AsrError error) {
    String words =
        (nz(error.code()) + " " + nz(error.message()) + " " + nz(error.possibleCauses()))
            .toLowerCase(Locale.ROOT);
    for (Match m : MATCHES) {
      if (m.all().stream().allMatch(words::contains)) {
        return java.util.Optional.of(m.rule());
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The exception to throw for a Site Recovery error met while doing {@code what} (e.g. "reprotect
   * of vm-web-01"): a SiteException of the matching rule, else ASR_OPERATION_FAILED.
   */
  public static SiteException toException(String what, AsrError error) {
    String message = what + " failed: " + error.describe();
    String fix =
        error.recommendedAction() == null || error.recommendedAction().isBlank()
            ? null
            : error.recommendedAction().strip();
    return ruleOf(error)
        .map(rule -> new SiteException(rule, message, fix))
        .orElseGet(
            () ->
                new SiteException(
                    ProductFailure.ASR_OPERATION_FAILED,
                    message
                        + ". Fix: "
                        + (fix == null ? "see the Site Recovery job in the vault" : fix)));
  }

  /** A token could not be had, or ARM refused it (401): nothing a retry fixes. */
  public static SiteException authentication(String detail) {
    return new SiteException(
        ProductFailure.AZURE_AUTHENTICATION_FAILED,
        "Azure authentication failed: " + detail + ". Fix: check " + CREDENTIAL_SETTINGS);
  }

  /** ARM answered 403: the principal lacks a role on the vault. */
  public static SiteException authorization(String detail) {
    return new SiteException(
        ProductFailure.AZURE_AUTHORIZATION_FAILED,
        "Azure refused the call: "
            + detail
            + ". Fix: give the principal of"
            + " reprotect.site.azure.asr.client-id (or the managed identity) the Site Recovery"
            + " Contributor role on the vault");
  }

  /** A job someone cancelled in the vault: not retried, so that nobody's decision is overridden. */
  static SiteException jobCancelled(String what, String job) {
    return new SiteException(
        ProductFailure.ASR_JOB_CANCELLED,
        what
            + ": "
            + job
            + " was cancelled. Fix: if the reprotection should still happen, start it again (a new"
            + " run posts a new reprotect)");
  }

  /**
   * A job queued (NotStarted): retried, and the retry follows the same job rather than posting
   * again.
   */
  static SiteException jobQueued(String what, String job) {
    return new SiteException(
        ProductFailure.ASR_JOB_NOT_STARTED,
        what + ": " + job + " has not started yet; the step is retried and follows the same job");
  }

  /** A job waiting for someone (e.g. a manual action task) does not go on by itself. */
  static SiteException jobSuspended(String what, String job) {
    return new SiteException(
        ProductFailure.ASR_JOB_SUSPENDED,
        what
            + ": "
            + job
            + " is suspended. Fix: resume the job in the vault (Site Recovery jobs, Resume) or"
            + " cancel it, then retry");
  }

  /**
   * The vault uses the modernized VMware stack ({@code where}: its fabric or item and the type
   * read): one message, whatever was being read.
   */
  static SiteException modernizedStack(String where) {
    return new SiteException(
        ProductFailure.ASR_MODERNIZED_STACK_UNSUPPORTED,
        "the vault uses the modernized VMware replication stack ("
            + where
            + "): this adapter"
            + " reprotects only the classic stack (configuration server fabric of type VMware,"
            + " items InMageAzureV2 before reprotect and InMage after). Fix: reprotect this"
            + " vault's machines from the Azure portal or its InMageRcm REST operations, or point"
            + " reprotect.site.azure.asr.fabric at a classic configuration server's fabric");
  }

  static SiteException notVmwareFabric(String fabric, String type) {
    return new SiteException(
        ProductFailure.ASR_NOT_A_VMWARE_FABRIC,
        "fabric "
            + fabric
            + " is of type "
            + type
            + ", not a VMware configuration server (VMware). Fix: set"
            + " reprotect.site.azure.asr.fabric to the configuration server's fabric");
  }

  static SiteException throttled(String detail) {
    return new SiteException(ProductFailure.AZURE_THROTTLED, "Azure throttled the call: " + detail);
  }

  static SiteException unavailable(String detail) {
    return new SiteException(
        ProductFailure.AZURE_UNAVAILABLE, "Azure Site Recovery unavailable: " + detail);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
