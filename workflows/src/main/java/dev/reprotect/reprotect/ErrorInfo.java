package dev.reprotect.reprotect;

import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import java.util.List;
import javax.annotation.Nullable;

/**
 * Why a reprotection failed: the rule (null only for a fault that names no rule), what is wrong,
 * the fix, the step it failed in, every violation when validation found several, and the product's
 * own failure type ({@link dev.reprotect.rules.ProductFailure}) when the failure is not only a
 * rule's, e.g. COMPENSATION_INCOMPLETE when the undo left disks attached (null otherwise).
 */
public record ErrorInfo(
    @Nullable Rule rule,
    String message,
    @Nullable String fix,
    @Nullable Step step,
    @Nullable List<Violation> violations,
    @Nullable String failureType) {

  public ErrorInfo(Rule rule, String message, String fix, Step step, List<Violation> violations) {
    this(rule, message, fix, step, violations, null);
  }

  /**
   * The error for rule violations: typed by the first, every one described, all listed if several.
   */
  public static ErrorInfo of(List<Violation> violations, Step step) {
    Violation first = violations.get(0);
    return new ErrorInfo(
        first.rule(),
        RuleFailures.describe(violations),
        first.fix(),
        step,
        violations.size() > 1 ? List.copyOf(violations) : null);
  }
}
