package dev.reprotect.rules;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.TemporalFailure;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Maps rule violations to Temporal failures and back. The failure's type is the rule ID, so an SRE
 * reading a history sees the rule; its details carry every violation; it is retryable exactly when
 * the rule is transient.
 */
public final class RuleFailures {

  private RuleFailures() {}

  /** A failure for one rule: retryable when the rule is transient. */
  public static ApplicationFailure of(Violation violation) {
    return build(violation.rule().retryable(), List.of(violation), 0);
  }

  /** The same, recording which activity attempt failed (shown as the step's attempts). */
  public static ApplicationFailure of(Violation violation, int attempt) {
    return build(violation.rule().retryable(), List.of(violation), attempt);
  }

  /** A failure reporting several violations at once; retryable only when every one is transient. */
  public static ApplicationFailure of(List<Violation> violations, int attempt) {
    if (violations.isEmpty()) {
      throw new IllegalArgumentException("no violations");
    }
    boolean allTransient = violations.stream().allMatch(v -> v.rule().retryable());
    return build(allTransient, violations, attempt);
  }

  /** A non-retryable failure: a rule, or a transient fault whose bound ran out. */
  public static ApplicationFailure nonRetryable(List<Violation> violations) {
    return build(false, violations, 0);
  }

  private static ApplicationFailure build(
      boolean retryable, List<Violation> violations, int attempt) {
    Violation first = violations.get(0);
    String message = describe(violations);
    Object[] details = {new ArrayList<>(violations), attempt};
    return retryable
        ? ApplicationFailure.newFailure(message, first.rule().name(), details)
        : ApplicationFailure.newNonRetryableFailure(message, first.rule().name(), details);
  }

  /** "RULE: what is wrong. Fix: the fix" for each violation, joined. */
  public static String describe(List<Violation> violations) {
    StringBuilder text = new StringBuilder();
    for (Violation v : violations) {
      if (text.length() > 0) {
        text.append("; ");
      }
      text.append(v.rule().name())
          .append(": ")
          .append(v.message())
          .append(". Fix: ")
          .append(v.fix());
    }
    return text.toString();
  }

  /**
   * The rule violations a failure carries, found anywhere in its cause chain (an activity failure
   * wraps the application failure; a timeout wraps the last attempt's failure). Empty when the
   * failure names no rule, e.g. a bug in an adapter.
   */
  public static Optional<RuleFailure> find(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof ApplicationFailure app) {
        Optional<Rule> rule = ruleOf(app.getType());
        if (rule.isPresent()) {
          return Optional.of(
              new RuleFailure(
                  rule.get(),
                  violationsOf(app, rule.get()),
                  app.getOriginalMessage(),
                  attemptOf(app)));
        }
      }
    }
    return Optional.empty();
  }

  /** The innermost readable message of a failure chain, for errors that name no rule. */
  public static String rootMessage(Throwable failure) {
    String message = failure.getMessage();
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TemporalFailure tf && !(t instanceof ActivityFailure)) {
        message = tf.getOriginalMessage();
      } else if (!(t instanceof ActivityFailure) && t.getMessage() != null) {
        message = t.getMessage();
      }
    }
    return message;
  }

  private static Optional<Rule> ruleOf(String type) {
    if (type == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Rule.valueOf(type));
    } catch (IllegalArgumentException notARule) {
      return Optional.empty();
    }
  }

  private static List<Violation> violationsOf(ApplicationFailure app, Rule rule) {
    try {
      Violation[] details = app.getDetails().get(Violation[].class);
      if (details != null && details.length > 0) {
        return List.of(details);
      }
    } catch (RuntimeException unreadable) {
      // Details written by another client or version: fall back to the message alone.
    }
    return List.of(new Violation(rule, app.getOriginalMessage(), rule.fix(), null));
  }

  private static int attemptOf(ApplicationFailure app) {
    try {
      if (app.getDetails().getSize() > 1) {
        Integer attempt = app.getDetails().get(1, Integer.class);
        return attempt == null ? 0 : attempt;
      }
    } catch (RuntimeException unreadable) {
      // Written without an attempt: unknown.
    }
    return 0;
  }

  /**
   * A failure that names a rule, with every violation it reported and the activity attempt that
   * reported it (0 when unknown).
   */
  public record RuleFailure(Rule rule, List<Violation> violations, String message, int attempt) {}
}
