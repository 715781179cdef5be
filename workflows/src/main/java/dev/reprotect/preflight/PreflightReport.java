package dev.reprotect.preflight;

import dev.reprotect.rules.Violation;
import java.util.List;

/**
 * Every rule checked at once. {@code ok} when nothing blocks (warnings never do). Transient
 * violations block only until their bound: a start with nothing but transient ones goes ahead and
 * its VALIDATE step retries them.
 *
 * @param target what validation resolved, or null when the VM itself could not be read
 */
public record PreflightReport(
    boolean ok, List<Violation> violations, List<Violation> warnings, ResolvedTarget target) {

  /** Whether a violation that no retry can cure is present. */
  public boolean hasRuleViolations() {
    return violations.stream().anyMatch(v -> !v.rule().retryable());
  }
}
