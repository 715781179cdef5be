package dev.reprotect.site;

import dev.reprotect.rules.ProductFailure;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;

/**
 * A fault a port reports, and the only exception an adapter throws on purpose. Its kind is either
 * the rule it breaks (e.g. VCENTER_DISCONNECTED, CONFIG_SERVER_UNREACHABLE: transient) or, when no
 * rule applies, one of the product's own failure types (e.g. AZURE_AUTHENTICATION_FAILED,
 * AZURE_THROTTLED, AZURE_UNAVAILABLE, MASTER_TARGET_NOT_FOUND). Activities turn it into a workflow
 * failure of that type; the preflight reader turns a rule's into a violation. A port that knows a
 * more precise fix than the catalogue's (e.g. Site Recovery's recommended action) gives it as
 * {@code fix}.
 */
public class SiteException extends RuntimeException {

  private final Rule rule;
  private final ProductFailure failure;
  private final String fix;
  private final boolean retryable;

  public SiteException(Rule rule, String message) {
    this(rule, message, null);
  }

  /**
   * @param fix what to do, when the site says it better than the rule's catalogue fix; null: the
   *     rule's
   */
  public SiteException(Rule rule, String message, String fix) {
    super(message);
    this.rule = rule;
    this.failure = null;
    this.fix = fix;
    this.retryable = rule.retryable();
  }

  /** A fault no rule names; {@code message} says what to do when someone must act. */
  public SiteException(ProductFailure failure, String message) {
    super(message);
    this.rule = null;
    this.failure = failure;
    this.fix = null;
    this.retryable = failure.retryable();
  }

  private SiteException(SiteException fault, String message) {
    super(message, fault);
    this.rule = fault.rule;
    this.failure = fault.failure;
    this.fix = fault.fix;
    this.retryable = false;
  }

  /**
   * This transient fault past its bound (e.g. AGENT_NOT_REGISTERED more than 15 minutes after the
   * failover): the same rule, no longer retried; {@code message} says how long it lasted.
   */
  public SiteException pastBound(String message) {
    return new SiteException(this, message);
  }

  /** The rule broken; null when the fault is one of the product's own failure types. */
  public Rule rule() {
    return rule;
  }

  /** The product's failure type; null when a rule names the fault. */
  public ProductFailure failure() {
    return failure;
  }

  /** Whether this fault is the given product failure type. */
  public boolean is(ProductFailure type) {
    return failure == type;
  }

  /** The failure type an activity reports: the rule's ID or the product's type. */
  public String type() {
    return rule != null ? rule.name() : failure.name();
  }

  /** Whether the activity that met it is retried. */
  public boolean retryable() {
    return retryable;
  }

  /** The fix to report: the site's own when it gave one, else the rule's or the type's. */
  public String fix() {
    if (fix != null && !fix.isBlank()) {
      return fix;
    }
    return rule != null ? rule.fix() : failure.fix();
  }

  /** This fault as a violation concerning that replicated item (null: the request as a whole). */
  public Violation violation(String replicatedItem) {
    if (rule == null) {
      throw new IllegalStateException("not a rule's fault: " + type() + ": " + getMessage());
    }
    return new Violation(rule, getMessage(), fix(), replicatedItem);
  }
}
