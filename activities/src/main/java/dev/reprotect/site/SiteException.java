package dev.reprotect.site;

import dev.reprotect.rules.Rule;

/**
 * A fault a port reports, named by the rule it breaks (e.g. VCENTER_DISCONNECTED,
 * CONFIG_SERVER_UNREACHABLE, PROCESS_SERVER_UNREACHABLE: transient). Activities turn it into a
 * rule failure; the preflight reader turns it into a violation.
 */
public class SiteException extends RuntimeException {

  private final Rule rule;

  public SiteException(Rule rule, String message) {
    super(message);
    this.rule = rule;
  }

  public Rule rule() {
    return rule;
  }
}
