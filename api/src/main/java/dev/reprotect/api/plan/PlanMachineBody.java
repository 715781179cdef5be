package dev.reprotect.api.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.reprotect.api.reprotect.Ids;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * One machine of a plan: the single-VM body, except that master target, process server, datastore
 * and retention drive may be left out here; a machine without them breaks PLAN_VALUES_MISSING,
 * found by plan preflight (422 naming the machine), not an input error.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record PlanMachineBody(
    @NotBlank @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String replicatedItem,
    @Nullable
        @Size(max = Ids.MAX_NAME)
        @Pattern(regexp = Ids.NO_CONTROL, message = Ids.NO_CONTROL_MESSAGE)
        String masterTarget,
    @Nullable
        @Size(max = Ids.MAX_NAME)
        @Pattern(regexp = Ids.NO_CONTROL, message = Ids.NO_CONTROL_MESSAGE)
        String processServer,
    @Nullable
        @Size(max = Ids.MAX_NAME)
        @Pattern(regexp = Ids.NO_CONTROL, message = Ids.NO_CONTROL_MESSAGE)
        String datastore,
    @Nullable
        @Size(max = Ids.MAX_NAME)
        @Pattern(regexp = Ids.NO_CONTROL, message = Ids.NO_CONTROL_MESSAGE)
        String retentionDrive,
    @Nullable @Pattern(regexp = "ORIGINAL|ALTERNATE", message = "must be ORIGINAL or ALTERNATE")
        String recoveryLocation,
    @Nullable
        @Size(max = Ids.MAX_NAME)
        @Pattern(regexp = Ids.NO_CONTROL, message = Ids.NO_CONTROL_MESSAGE)
        String direction,
    @Nullable Object failbackPolicy) {

  /** The machine's workflow request within {@code plan}; blank values count as not given. */
  public ReprotectRequest toRequest(String plan) {
    return new ReprotectRequest(
        replicatedItem,
        blankToNull(masterTarget),
        blankToNull(processServer),
        blankToNull(datastore),
        blankToNull(retentionDrive),
        recoveryLocation == null ? null : RecoveryLocation.valueOf(recoveryLocation),
        blankToNull(direction),
        failbackPolicy != null,
        plan);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
