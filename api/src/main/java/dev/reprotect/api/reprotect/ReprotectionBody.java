package dev.reprotect.api.reprotect;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * The Reprotect dialog's inputs for one VM, as the HTTP body carries them. Unknown fields are a
 * 400; {@code failbackPolicy} is accepted whatever its value so that preflight can refuse it by
 * rule (FAILBACK_POLICY_FIXED). A missing datastore or a wrong direction are rules too, found by
 * preflight, not input errors.
 */
@Serdeable
@JsonIgnoreProperties(ignoreUnknown = false)
public record ReprotectionBody(
    @NotBlank @Pattern(regexp = Ids.ITEM, message = Ids.ITEM_MESSAGE) String replicatedItem,
    @NotBlank
        @Size(max = Ids.MAX_NAME)
        @Pattern(regexp = Ids.NO_CONTROL, message = Ids.NO_CONTROL_MESSAGE)
        String masterTarget,
    @NotBlank
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

  /** The workflow's request: a single VM (no plan); blank optional values count as not given. */
  public ReprotectRequest toRequest() {
    return new ReprotectRequest(
        replicatedItem,
        masterTarget,
        processServer,
        blankToNull(datastore),
        blankToNull(retentionDrive),
        recoveryLocation == null ? null : RecoveryLocation.valueOf(recoveryLocation),
        blankToNull(direction),
        failbackPolicy != null,
        null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
