package dev.reprotect.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * P8 runs end to end at a small size: the watch sees every protected VM, a sweep costs O(1) events.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WatchSweepSmokeTest {

  @Test
  void givenFiftyProtectedVms_whenTheWatchSweeps_itShouldSeeThemAllInAFewEventsASweep() {
    Row row = WatchSweep.run(50);

    assertEquals("P8", row.name());
    assertEquals(50, row.figures().get("machines"));
    double events = (double) row.figures().get("oursEventsPerSweep");
    assertTrue(events >= 8 && events <= 15, "events a sweep: " + events);
    assertTrue(Double.isFinite(row.ratio()) && row.ratio() > 0, "ratio " + row.ratio());
  }
}
