package dev.reprotect.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.rules.Rule;
import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.simulated.SiteFaults;
import dev.reprotect.testing.ReprotectTestWorker;
import dev.reprotect.testing.TestClock;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The workflows module's reprotect workflow over these activities and the sample inventory: the
 * contracts fit end to end. The site's clock ticks on every read, so the sample's minutes pass in
 * milliseconds.
 */
@Timeout(60)
class ReprotectWorkflowOverSimulatedSiteTest {

  private static final String QUEUE = "reprotect-test";
  private static final ActivitySettings FAST =
      new ActivitySettings(Duration.ofMillis(2), Duration.ofMillis(200), Duration.ofMillis(2));

  private final TestClock clock = new TestClock();
  private TestWorkflowEnvironment env;
  private SimulatedSite site;

  @BeforeEach
  void setUp() {
    site = SimulatedSite.loadSample(new SimulatedSite.Options(0.02, clock));
    clock.tickOnEveryRead(Duration.ofMillis(200)); // 10 site seconds per read
    env = ReprotectTestWorker.start(QUEUE, site, site, FAST);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  private ReprotectWorkflow workflow(String item) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId(ReprotectRequest.workflowIdFor(item))
                .build());
  }

  @Test
  void givenTheSample_whenVmWeb01IsReprotected_itEndsProtected() {
    ReprotectStatus status =
        workflow("vm-web-01")
            .reprotect(
                ReprotectRequest.of("vm-web-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:"));

    assertEquals(ReprotectState.PROTECTED, status.state(), status::toString);
    assertEquals(100, status.progressPercent());
    assertEquals("merged 2 snapshots", detail(status, Step.MERGE_SNAPSHOTS));
    assertEquals("powered off vm-web-01", detail(status, Step.POWER_OFF));
    assertEquals("attached 2 disks (2 new) to mt-win-01", detail(status, Step.ATTACH_DISKS));
    assertEquals(new SideEffects(1, 1, 1, 0, 1, 0, 0), site.sideEffects("vm-web-01"));
  }

  @Test
  void givenTheSample_whenVmOld01IsReprotected_aVmIsCreatedAndMergeAndPowerOffAreSkipped() {
    ReprotectStatus status =
        workflow("vm-old-01")
            .reprotect(
                ReprotectRequest.of("vm-old-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:"));

    assertEquals(ReprotectState.PROTECTED, status.state(), status::toString);
    assertEquals(
        StepState.SKIPPED,
        status.steps().stream()
            .filter(s -> s.name() == Step.POWER_OFF)
            .findFirst()
            .orElseThrow()
            .state());
    assertEquals(1, site.sideEffects("vm-old-01").vmCreations());
  }

  @Test
  void givenAMasterTargetWithSnapshots_whenReprotecting_itFailsByTheRuleAndChangesNothing() {
    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () ->
                workflow("vm-web-01")
                    .reprotect(
                        ReprotectRequest.of(
                            "vm-web-01", "mt-win-02", "ps-azure-01", "vmfs-01", "R:")));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(Rule.MT_HAS_SNAPSHOTS.name(), cause.getType());
    assertEquals(SideEffects.NONE, site.sideEffects("vm-web-01"));
  }

  @Test
  void givenTheVmPoweredOnDuringSync_whenReprotecting_itFailsAndCompensates() throws Exception {
    clock.tickOnEveryRead(Duration.ZERO);
    clock.advance(
        Duration.ofMinutes(1)); // the agent has registered; the sync will not end by itself
    ReprotectRequest request =
        ReprotectRequest.of("vm-web-01", "mt-win-01", "ps-azure-01", "vmfs-01", "R:");
    ReprotectWorkflow stub = workflow("vm-web-01");
    WorkflowClient.start(stub::reprotect, request);
    while (site.sideEffects("vm-web-01").replicationStarts() == 0) {
      Thread.sleep(5);
    }
    SiteFaults.of(site).powerOn("vm-web-01");

    WorkflowFailedException e =
        assertThrows(
            WorkflowFailedException.class,
            () ->
                env.getWorkflowClient()
                    .newUntypedWorkflowStub(request.workflowId())
                    .getResult(ReprotectStatus.class));

    assertEquals(Rule.ONPREM_VM_POWERED_ON.name(), ((ApplicationFailure) e.getCause()).getType());
    SideEffects effects = site.sideEffects("vm-web-01");
    assertEquals(1, effects.diskDetaches());
    assertEquals(1, effects.replicationStops());
    assertTrue(site.masterTarget("mt-win-01").orElseThrow().attachedFor("vm-web-01").isEmpty());
  }

  private static String detail(ReprotectStatus status, Step step) {
    return status.steps().stream().filter(s -> s.name() == step).findFirst().orElseThrow().detail();
  }
}
