package dev.reprotect.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.testing.Activities;
import dev.reprotect.testing.TestClock;
import io.temporal.testing.TestActivityEnvironment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The simulated site's drift (inventory key {@code drift}) as the protection watch's check reads
 * it: steady once protected, then behind (RPO past 15 minutes) or critical after the given site
 * time, which the time scale shortens like every other duration.
 */
class SimulatedDriftTest {

  private final TestClock clock = new TestClock();
  private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

  @AfterEach
  void close() {
    env.close();
  }

  /** The check as the worker runs it, over this site. */
  private ProtectionActivities check(SimulatedSite site) {
    env.registerActivitiesImplementations(new ProtectionActivitiesImpl(site, clock));
    return Activities.stub(env, ProtectionActivities.class);
  }

  private SimulatedSite site(double timeScale) {
    String yaml =
        """
        processServers: [{ name: ps-1, location: AZURE, heartbeat: true }]
        replicas:
          - { name: steady, os: LINUX, syncDuration: 10m, disks: [{ name: d, size: 1GiB }] }
          - { name: behind, os: LINUX, syncDuration: 10m, recoveryPlan: rp-1, disks: [{ name: d, size: 1GiB }],
              drift: { kind: BEHIND, after: 30m } }
          - { name: critical, os: LINUX, syncDuration: 10m, disks: [{ name: d, size: 1GiB }],
              drift: { kind: CRITICAL, after: 2h } }
          - { name: never-reprotected, os: LINUX, disks: [{ name: d, size: 1GiB }] }
        """;
    SimulatedSite site =
        SimulatedSite.load(
            new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)),
            "drift.yaml",
            new SimulatedSite.Options(timeScale, clock));
    for (String item : List.of("steady", "behind", "critical")) {
      site.startReplication(
          new ReplicationSpec(item, "mt", "ps-1", "ds", "R:", FailbackPolicy.FIXED));
    }
    return site;
  }

  private static ProtectionReading of(List<ProtectionReading> readings, String item) {
    return readings.stream().filter(r -> r.replicatedItem().equals(item)).findFirst().orElseThrow();
  }

  @Test
  void givenItemsStillSynchronizing_whenChecked_noneIsWatched() {
    SimulatedSite site = site(1.0);
    clock.advance(Duration.ofMinutes(5));

    assertEquals(List.of(), check(site).checkProtection());
  }

  @Test
  void
      givenProtectedItems_whenTheirDriftComes_theRpoPassesFifteenMinutesOrTheHealthTurnsCritical() {
    SimulatedSite site = site(1.0);
    ProtectionActivities check = check(site);
    clock.advance(Duration.ofMinutes(10).plusSeconds(1)); // synchronized: protected

    List<ProtectionReading> now = check.checkProtection();
    assertEquals(
        List.of("steady", "behind", "critical"),
        now.stream().map(ProtectionReading::replicatedItem).toList(),
        "the item never reprotected is not watched");
    for (ProtectionReading r : now) {
      assertEquals(ReplicationHealth.NORMAL, r.replicationHealth(), r.toString());
      assertTrue(r.rpoSeconds() < 60 && !r.outOfPolicy(), r.toString());
      assertEquals(clock.instant(), r.checkedAt());
    }
    assertEquals("rp-1", of(now, "behind").recoveryPlan());

    clock.advance(Duration.ofMinutes(30 + 16)); // behind for 16 minutes
    now = check.checkProtection();
    ProtectionReading behind = of(now, "behind");
    assertTrue(behind.rpoSeconds() > ProtectionReading.RPO_THRESHOLD_SECONDS, behind.toString());
    assertEquals(ReplicationHealth.WARNING, behind.replicationHealth());
    assertTrue(behind.outOfPolicy());
    assertTrue(
        behind.healthErrors().get(0).contains("15-minute threshold"),
        behind.healthErrors().toString());
    Instant recoveryPoint = behind.lastRecoveryPoint();
    assertEquals(ReplicationHealth.NORMAL, of(now, "steady").replicationHealth());
    assertEquals(ReplicationHealth.NORMAL, of(now, "critical").replicationHealth());

    clock.advance(Duration.ofHours(2));
    now = check.checkProtection();
    assertEquals(ReplicationHealth.CRITICAL, of(now, "critical").replicationHealth());
    assertTrue(of(now, "critical").healthErrors().get(0).contains("stalled"));
    assertEquals(
        recoveryPoint,
        of(now, "behind").lastRecoveryPoint(),
        "no recovery point since it fell behind");
    assertTrue(of(now, "steady").rpoSeconds() < 60, "the steady item stays steady");

    site.stopReplication("critical"); // unprotected: it leaves the watch
    assertEquals(
        List.of("steady", "behind"),
        check.checkProtection().stream().map(ProtectionReading::replicatedItem).toList());
  }

  @Test
  void givenTheTimeScale_whenDrifting_theDriftComesThatMuchSoonerInWallTime() {
    SimulatedSite site = site(0.002); // 10 min sync + 30 min steady + 16 min behind: 6.7 s
    clock.advance(Duration.ofSeconds(7));

    ProtectionReading behind = of(check(site).checkProtection(), "behind");

    assertTrue(behind.outOfPolicy(), behind.toString());
  }
}
