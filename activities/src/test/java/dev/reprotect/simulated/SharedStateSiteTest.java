package dev.reprotect.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.rules.Rule;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.site.AzureSide.ReplicationState;
import dev.reprotect.site.OnPremSite.PowerState;
import dev.reprotect.site.SiteException;
import dev.reprotect.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two simulated sites (as in two processes) sharing one state file see one site. */
class SharedStateSiteTest {

  private final TestClock clock = new TestClock();

  private SimulatedSite sample() {
    return SimulatedSite.loadSample(new SimulatedSite.Options(0.02, clock));
  }

  private static ReplicationSpec spec(String item) {
    return new ReplicationSpec(
        item, "mt-win-01", "ps-azure-01", "vmfs-01", "R:", FailbackPolicy.FIXED);
  }

  @Test
  void givenTwoSitesOnOneFile_whenOneActs_theOtherSeesTheChangeAndTheSideEffectsAreCountedOnce(
      @TempDir Path dir) {
    Path file = dir.resolve("state/site.json");
    SharedStateSite a = SharedStateSite.open(sample(), file);
    SharedStateSite b = SharedStateSite.open(sample(), file);
    assertTrue(Files.exists(file));

    assertEquals(PowerState.POWERED_ON, b.vm("vm-web-01").orElseThrow().powerState());
    a.powerOff("vm-web-01");
    assertEquals(PowerState.POWERED_OFF, b.vm("vm-web-01").orElseThrow().powerState());

    var disks = a.vm("vm-web-01").orElseThrow().disks();
    b.attachDisks("mt-win-01", "vm-web-01", disks);
    assertEquals(2, a.masterTarget("mt-win-01").orElseThrow().attachedFor("vm-web-01").size());

    a.startReplication(spec("vm-web-01"));
    assertEquals(ReplicationState.SYNCHRONIZING, b.replication("vm-web-01").state());

    SideEffects expected = new SideEffects(1, 0, 1, 0, 1, 0, 0);
    assertEquals(expected, a.sideEffects("vm-web-01"));
    assertEquals(expected, b.sideEffects("vm-web-01"));
    // A third process opening the file later takes its state, not its own inventory's.
    SharedStateSite c = SharedStateSite.open(sample(), file);
    assertEquals(expected, c.sideEffects("vm-web-01"));
    assertEquals(PowerState.POWERED_OFF, c.vm("vm-web-01").orElseThrow().powerState());
  }

  @Test
  void givenALaterProcess_whenItOpensTheFile_siteTimeRunsFromTheFirstProcessStart(
      @TempDir Path dir) {
    Path file = dir.resolve("site.json");
    SharedStateSite first = SharedStateSite.open(sample(), file);
    clock.advance(Duration.ofSeconds(6)); // 5 site minutes at 0.02
    SharedStateSite later = SharedStateSite.open(sample(), file);

    assertEquals(first.now(), later.now());
    // vm-web-01's agent registers 4m12s after the site started: already, for the later one too.
    assertTrue(later.agent("vm-web-01").registered());
  }

  @Test
  void givenTheTestHooks_whenUsedThroughOneSite_theOtherSeesThem(@TempDir Path dir) {
    Path file = dir.resolve("site.json");
    SharedStateSite a = SharedStateSite.open(sample(), file);
    SharedStateSite b = SharedStateSite.open(sample(), file);

    a.update(s -> SiteFaults.of(s).disconnectConfigServer());
    SiteException e = assertThrows(SiteException.class, () -> b.inConfigServer("vm-web-01"));
    assertEquals(Rule.CONFIG_SERVER_UNREACHABLE, e.rule());
    assertFalse(b.configServerReachable());
    // A call that counts and then refuses is saved too.
    a.update(s -> SiteFaults.of(s).storageVMotion("mt-win-01"));
    assertThrows(SiteException.class, () -> b.detachDisks("mt-win-01", List.of("none")));
    b.update(s -> SiteFaults.of(s).reconnectConfigServer());
    assertTrue(a.configServerReachable());
  }

  @Test
  void givenManyThreadsOfTwoSites_whenCountingConcurrently_noUpdateIsLost(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("site.json");
    SharedStateSite a = SharedStateSite.open(sample(), file);
    SharedStateSite b = SharedStateSite.open(sample(), file);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        SharedStateSite site = i % 2 == 0 ? a : b;
        calls.add(pool.submit(() -> site.powerOff("vm-db-01")));
      }
      for (Future<?> f : calls) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(100, a.sideEffects("vm-db-01").powerOffs());
    assertEquals(100, SharedStateSite.open(sample(), file).sideEffects("vm-db-01").powerOffs());
  }
}
