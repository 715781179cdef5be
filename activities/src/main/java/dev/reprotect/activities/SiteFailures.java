package dev.reprotect.activities;

import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.SiteException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/**
 * A port's fault as the activity's failure: the one place a {@link SiteException} becomes an {@link
 * ApplicationFailure}. A rule's fault is a rule failure (its type the rule ID, its details the
 * violation); any other is typed by its product failure type. Either is retried exactly when the
 * fault is.
 */
public final class SiteFailures {

  private SiteFailures() {}

  /**
   * @param item the replicated item (or master target) the fault concerns; null: the request
   * @param attempt the activity attempt that met it (0 when unknown)
   */
  public static ApplicationFailure of(SiteException fault, String item, int attempt) {
    if (fault.rule() == null) {
      return fault.retryable()
          ? ApplicationFailure.newFailure(fault.getMessage(), fault.type())
          : ApplicationFailure.newNonRetryableFailure(fault.getMessage(), fault.type());
    }
    Violation violation = fault.violation(item);
    return fault.retryable()
        ? RuleFailures.of(violation, attempt)
        : RuleFailures.nonRetryable(List.of(violation));
  }

  /** The fault as a violation when a rule names it; else thrown as the activity's failure. */
  public static Violation violationOrThrow(SiteException fault, String item) {
    if (fault.rule() == null) {
      throw of(fault, item, 0);
    }
    return fault.violation(item);
  }
}
