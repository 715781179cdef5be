package dev.reprotect.rules;

import javax.annotation.Nullable;

/**
 * One broken rule, as every error reports it: the rule ID, what is wrong, the fix, and the machine
 * it concerns (null when it concerns the request as a whole).
 */
public record Violation(
    Rule rule, String message, @Nullable String fix, @Nullable String replicatedItem) {

  /** A violation whose fix is the catalogue's. */
  public static Violation of(Rule rule, String replicatedItem, String message) {
    return new Violation(rule, message, rule.fix(), replicatedItem);
  }

  public boolean blocking() {
    return rule.kind() != Rule.Kind.WARNING;
  }
}
