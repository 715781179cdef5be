package dev.reprotect.site;

import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;

/**
 * A fault a port reports, named by the rule it breaks (e.g. VCENTER_DISCONNECTED,
 * CONFIG_SERVER_UNREACHABLE, PROCESS_SERVER_UNREACHABLE: transient). Activities turn it into a
 * rule failure; the preflight reader turns it into a violation. A port that knows a more precise
 * fix than the catalogue's (e.g. Site Recovery's recommended action) gives it as {@code fix}.
 */
public class SiteException extends RuntimeException {

  private final Rule rule;
  private final String fix;

  public SiteException(Rule rule, String message) {
    this(rule, message, null);
  }

  /** @param fix what to do, when the site says it better than the rule's catalogue fix; null: the rule's */
  public SiteException(Rule rule, String message, String fix) {
    super(message);
    this.rule = rule;
    this.fix = fix;
  }

  public Rule rule() {
    return rule;
  }

  /** The fix to report: the site's own when it gave one, else the rule's. */
  public String fix() {
    return fix == null || fix.isBlank() ? rule.fix() : fix;
  }

  /** This fault as a violation concerning that replicated item (null: the request as a whole). */
  public Violation violation(String replicatedItem) {
    return new Violation(rule, getMessage(), fix(), replicatedItem);
  }
}
