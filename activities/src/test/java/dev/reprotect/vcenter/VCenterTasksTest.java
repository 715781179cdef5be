package dev.reprotect.vcenter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.site.OnPremSite.PowerState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * No attempt starts a second vCenter task: a power-off an earlier attempt left running (vcsim's
 * {@code -slow-power-off}: 3 s) is followed, heartbeating, and no new task is started.
 */
@DisabledIfSystemProperty(
    named = "vcsim.skip",
    matches = "true",
    disabledReason = "-Dvcsim.skip=true")
class VCenterTasksTest {

  private Vcsim vcsim;
  private Vim25Client client;

  @BeforeEach
  void start() {
    vcsim = Vcsim.start("-slow-power-off", "vm-src-01");
    client = vcsim.site().client();
  }

  @AfterEach
  void stop() {
    vcsim.close();
  }

  private MoRef vm(String name) {
    return client.all("VirtualMachine", "name").stream()
        .filter(o -> name.equals(o.text("name")))
        .map(Vim25Client.ObjectContent::obj)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void givenAPowerOffStillRunning_whenTheStepPowersOff_itFollowsThatTaskAndStartsNone() {
    AtomicInteger heartbeats = new AtomicInteger();
    VCenterSite site =
        new VCenterSite(
            client,
            new VCenterSite.Settings("vc-sim", List.of(), Duration.ofMinutes(1)),
            heartbeats::incrementAndGet);
    VCenterTasks tasks = new VCenterTasks(client, Duration.ofMinutes(1), () -> {}, "vc-sim");
    assertEquals(
        1, tasks.running("PowerOffVM_Task", vm("vm-src-01")).size(), "the fixture's task runs");

    site.powerOff("vm-src-01");

    assertEquals(PowerState.POWERED_OFF, site.vm("vm-src-01").orElseThrow().powerState());
    assertEquals(
        1, tasks.recent("PowerOffVM_Task", vm("vm-src-01")).size(), "no second power-off task");
    assertTrue(heartbeats.get() > 0, "the activity heartbeats while it follows the task");
    assertEquals(List.of(), tasks.running("PowerOffVM_Task", vm("vm-src-01")));
  }

  @Test
  void givenNoTaskRunning_whenTheStepPowersOff_itStartsOneTaskAndTheRetryNone() {
    VCenterSite site = vcsim.site();
    VCenterTasks tasks = new VCenterTasks(client, Duration.ofMinutes(1), () -> {}, "vc-sim");

    site.powerOff("vm-src-02");
    site.powerOff("vm-src-02");

    assertEquals(1, tasks.recent("PowerOffVM_Task", vm("vm-src-02")).size());
  }
}
