package dev.reprotect.watch;

import dev.reprotect.activities.Attempts;
import dev.reprotect.activities.SiteFailures;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.AzureSide.ProtectedReplication;
import dev.reprotect.site.SiteException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The protection watch's check: one read of every protected item through the {@link AzureSide}
 * port.
 */
public class ProtectionActivitiesImpl implements ProtectionActivities {

  private final AzureSide azure;
  private final Clock clock;

  public ProtectionActivitiesImpl(AzureSide azure, Clock clock) {
    this.azure = azure;
    this.clock = clock;
  }

  public ProtectionActivitiesImpl(AzureSide azure) {
    this(azure, Clock.systemUTC());
  }

  @Override
  public List<ProtectionReading> checkProtection() {
    int attempt = Attempts.current();
    try {
      Instant at = clock.instant();
      return azure.protectedReplications().stream().map(r -> reading(r, at)).toList();
    } catch (SiteException fault) {
      throw SiteFailures.of(fault, null, attempt);
    }
  }

  private static ProtectionReading reading(ProtectedReplication r, Instant at) {
    return new ProtectionReading(
        r.replicatedItem(),
        r.recoveryPlan(),
        r.rpoSeconds(),
        r.health(),
        r.healthErrors(),
        r.lastRecoveryPoint(),
        at);
  }
}
