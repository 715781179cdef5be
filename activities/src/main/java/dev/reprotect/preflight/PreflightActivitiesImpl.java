package dev.reprotect.preflight;

import dev.reprotect.activities.Attempts;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.OnPremSite;

/** Reads the facts through the ports and applies {@link PreflightRules}. Read-only. */
public class PreflightActivitiesImpl implements PreflightActivities {

  private final OnPremSite onPrem;
  private final AzureSide azure;

  public PreflightActivitiesImpl(OnPremSite onPrem, AzureSide azure) {
    this.onPrem = onPrem;
    this.azure = azure;
  }

  @Override
  public PreflightReport preflight(ReprotectRequest request) {
    return PreflightRules.evaluate(PreflightFacts.read(onPrem, azure, request));
  }

  @Override
  public Validation validate(ReprotectRequest request) {
    int attempt = Attempts.current();
    PreflightReport report = preflight(request);
    if (!report.violations().isEmpty()) {
      throw RuleFailures.of(report.violations(), attempt);
    }
    return new Validation(report.target(), report.warnings(), attempt);
  }
}
