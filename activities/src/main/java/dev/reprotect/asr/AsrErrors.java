package dev.reprotect.asr;

import dev.reprotect.rules.Rule;
import dev.reprotect.site.SiteException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import java.util.Locale;

/**
 * Site Recovery's errors as ours. An error that matches a rule of the catalogue becomes a
 * {@link SiteException} of that rule (transient or not as the rule is), its message Site Recovery's
 * code, message and possible causes, its fix Site Recovery's recommended action. Site Recovery
 * publishes no stable list of error codes, so the match is on the words of the code, message and
 * possible causes (e.g. "mobility agent ... not registered" is AGENT_NOT_REGISTERED). An error that
 * matches no rule is a non-retryable {@code ASR_OPERATION_FAILED} carrying the same text.
 * Authentication, authorization, throttling and service faults have failures of their own here.
 */
public final class AsrErrors {

  /** Failure type of a Site Recovery error that matches no rule. */
  public static final String OPERATION_FAILED = "ASR_OPERATION_FAILED";
  /** Failure type of a token that could not be had or was refused (non-retryable). */
  public static final String AUTHENTICATION_FAILED = "AZURE_AUTHENTICATION_FAILED";
  /** Failure type of a principal without the rights it needs (non-retryable). */
  public static final String AUTHORIZATION_FAILED = "AZURE_AUTHORIZATION_FAILED";
  /** Failure type of throttling (429) still refused after the call's own retries (retryable). */
  public static final String THROTTLED = "AZURE_THROTTLED";
  /** Failure type of 5xx and I/O faults still failing after the call's own retries (retryable). */
  public static final String UNAVAILABLE = "AZURE_UNAVAILABLE";

  /** The settings that hold the credentials, named by every authentication failure. */
  static final String CREDENTIAL_SETTINGS = "reprotect.site.azure.asr.tenant-id, reprotect.site.azure.asr.client-id and"
      + " reprotect.site.azure.asr.client-secret-file (or reprotect.site.azure.asr.certificate-file, or"
      + " reprotect.site.azure.asr.managed-identity), or reprotect.site.azure.asr.access-token-file";

  private record Match(Rule rule, List<String> all) {}

  /** First match wins: the more specific phrases come first. */
  private static final List<Match> MATCHES = List.of(
      new Match(Rule.AGENT_NOT_REGISTERED, List.of("agent", "not registered")),
      new Match(Rule.AGENT_NOT_REGISTERED, List.of("mobility service", "not registered")),
      new Match(Rule.AGENT_NOT_REGISTERED, List.of("agent", "heartbeat")),
      new Match(Rule.PROCESS_SERVER_UNREACHABLE, List.of("process server", "heartbeat")),
      new Match(Rule.PROCESS_SERVER_UNREACHABLE, List.of("process server", "unreachable")),
      new Match(Rule.PROCESS_SERVER_UNREACHABLE, List.of("process server", "not connected")),
      new Match(Rule.CONFIG_SERVER_UNREACHABLE, List.of("configuration server", "not connected")),
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
    String words = (nz(error.code()) + " " + nz(error.message()) + " " + nz(error.possibleCauses()))
        .toLowerCase(Locale.ROOT);
    for (Match m : MATCHES) {
      if (m.all().stream().allMatch(words::contains)) {
        return java.util.Optional.of(m.rule());
      }
    }
    return java.util.Optional.empty();
  }

  /**
   * The exception to throw for a Site Recovery error met while doing {@code what} (e.g.
   * "reprotect of vm-web-01"): a SiteException of the matching rule, else ASR_OPERATION_FAILED.
   */
  public static RuntimeException toException(String what, AsrError error) {
    String message = what + " failed: " + error.describe();
    String fix = error.recommendedAction() == null || error.recommendedAction().isBlank()
        ? null : error.recommendedAction().strip();
    return ruleOf(error)
        .<RuntimeException>map(rule -> new SiteException(rule, message, fix))
        .orElseGet(() -> ApplicationFailure.newNonRetryableFailure(
            message + ". Fix: " + (fix == null ? "see the Site Recovery job in the vault" : fix), OPERATION_FAILED));
  }

  /** A token could not be had, or ARM refused it (401): nothing a retry fixes. */
  public static ApplicationFailure authentication(String detail) {
    return ApplicationFailure.newNonRetryableFailure(
        "Azure authentication failed: " + detail + ". Fix: check " + CREDENTIAL_SETTINGS, AUTHENTICATION_FAILED);
  }

  /** ARM answered 403: the principal lacks a role on the vault. */
  public static ApplicationFailure authorization(String detail) {
    return ApplicationFailure.newNonRetryableFailure(
        "Azure refused the call: " + detail + ". Fix: give the principal of reprotect.site.azure.asr.client-id"
            + " (or the managed identity) the Site Recovery Contributor role on the vault", AUTHORIZATION_FAILED);
  }

  static ApplicationFailure throttled(String detail) {
    return ApplicationFailure.newFailure("Azure throttled the call: " + detail, THROTTLED);
  }

  static ApplicationFailure unavailable(String detail) {
    return ApplicationFailure.newFailure("Azure Site Recovery unavailable: " + detail, UNAVAILABLE);
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
