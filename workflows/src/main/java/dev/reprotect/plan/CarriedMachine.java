package dev.reprotect.plan;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import java.util.List;
import javax.annotation.Nullable;

/**
 * One machine of a plan as a continued run carries it: its request's values, and where placement
 * chose them what it chose them for. Written as a JSON array (about 60 bytes, against 200 for the
 * request as an object): a 2,000-machine plan's continue-as-new state must stay well under
 * Temporal's 512 KiB payload warning (PERFORMANCE.md, P7).
 *
 * @param placedFor the location placement chose the values for; null when the plan was not placed
 * @param given which values the request gave itself (placement kept them); null when not placed
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({
  "replicatedItem",
  "masterTarget",
  "processServer",
  "datastore",
  "retentionDrive",
  "recoveryLocation",
  "direction",
  "failbackPolicyGiven",
  "placedFor",
  "given"
})
public record CarriedMachine(
    String replicatedItem,
    String masterTarget,
    String processServer,
    String datastore,
    String retentionDrive,
    @Nullable RecoveryLocation recoveryLocation,
    @Nullable String direction,
    boolean failbackPolicyGiven,
    @Nullable RecoveryLocation placedFor,
    @Nullable List<String> given) {

  public static CarriedMachine of(ReprotectRequest m, @Nullable MachinePlacement placed) {
    return new CarriedMachine(
        m.replicatedItem(),
        m.masterTarget(),
        m.processServer(),
        m.datastore(),
        m.retentionDrive(),
        m.recoveryLocation(),
        m.direction(),
        m.failbackPolicyGiven(),
        placed == null ? null : placed.recoveryLocation(),
        placed == null ? null : placed.given());
  }

  ReprotectRequest request(String plan) {
    return new ReprotectRequest(
        replicatedItem,
        masterTarget,
        processServer,
        datastore,
        retentionDrive,
        recoveryLocation,
        direction,
        failbackPolicyGiven,
        plan);
  }

  /** What placement chose for it, or null when the plan was not placed. */
  @Nullable
  MachinePlacement placement() {
    return placedFor == null
        ? null
        : new MachinePlacement(
            replicatedItem,
            masterTarget,
            processServer,
            datastore,
            retentionDrive,
            placedFor,
            given == null ? List.of() : given);
  }
}
