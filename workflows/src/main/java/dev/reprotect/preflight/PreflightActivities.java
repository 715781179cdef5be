package dev.reprotect.preflight;

import dev.reprotect.reprotect.ReprotectRequest;
import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Checks every single-VM rule of the catalogue against the site's facts. Read-only, so any number
 * of runs are safe.
 */
@ActivityInterface
public interface PreflightActivities {

  /** The activity type of {@link #validate}: the history records it, status reads map it back. */
  String VALIDATE = "Validate";

  /** The dry run: every violation and warning at once; changes nothing. */
  @ActivityMethod(name = "Preflight")
  PreflightReport preflight(ReprotectRequest request);

  /**
   * The VALIDATE step: the same checks, but a blocking violation fails the activity, typed by its
   * rule (non-retryable when any is a rule, retryable when all are transient).
   */
  @ActivityMethod(name = VALIDATE)
  Validation validate(ReprotectRequest request);
}
