package dev.reprotect.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.asr.AsrContractSimulator.ServiceError;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.Step;
import dev.reprotect.reprotect.StepStatus;
import dev.reprotect.rules.Rule;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.testing.ReprotectTestWorker;
import dev.reprotect.testing.TestClock;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole reprotect workflow with the Azure side on the Site Recovery adapter, against the
 * contract simulator; the on-premises side is the simulated sample site.
 */
@Timeout(90)
class ReprotectWorkflowOverAsrTest {

  private static final String QUEUE = "reprotect-asr-test";
  private static final String TOKEN = "workflow-test-token";
  private static final ActivitySettings FAST =
      new ActivitySettings(Duration.ofMillis(10), Duration.ofMillis(200), Duration.ofMillis(20));

  private final TestClock clock = new TestClock();
  private AsrContractSimulator sim;
  private TestWorkflowEnvironment env;

  @BeforeEach
  void setUp() {
    sim = AsrContractSimulator.start(AsrContractSimulator.Options.fast(), TOKEN).withSample();
    SimulatedSite onPrem = SimulatedSite.loadSample(new SimulatedSite.Options(0.02, clock));
    clock.tickOnEveryRead(Duration.ofMillis(200));
    AsrSettings settings = AsrFixtures.settings(sim);
    AsrAzureSide azure =
        new AsrAzureSide(
            settings,
            new ArmClient(settings, AsrFixtures.token(TOKEN)),
            Clock.systemUTC(),
            AsrAzureSide.activityHeartbeat());
    env = ReprotectTestWorker.start(QUEUE, onPrem, azure, FAST);
  }

  @AfterEach
  void tearDown() {
    env.close();
    sim.close();
  }

  private ReprotectStatus reprotect(String item) {
    return env.getWorkflowClient()
        .newWorkflowStub(
            ReprotectWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(QUEUE)
                .setWorkflowId(ReprotectRequest.workflowIdFor(item))
                .build())
        .reprotect(ReprotectRequest.of(item, "mt-win-01", "ps-azure-01", "vmfs-01", "R:"));
  }

  private static StepStatus step(ReprotectStatus status, Step step) {
    return status.steps().stream().filter(s -> s.name() == step).findFirst().orElseThrow();
  }

  @Test
  void givenAFailedOverVm_whenReprotected_itEndsProtectedThroughOneAsrReprotectJob() {
    ReprotectStatus status = reprotect("vm-web-01");

    assertEquals(ReprotectState.PROTECTED, status.state(), status::toString);
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
    assertEquals("Protected", sim.protectionState("vm-web-01"));
    assertTrue(
        step(status, Step.START_REPLICATION)
            .detail()
            .startsWith("started replication through ps-azure-01"));
    assertEquals(
        "protected after sending 280 GiB of 280 GiB", step(status, Step.SYNCHRONIZE).detail());
  }

  @Test
  void givenThrottlingAndServiceFaults_whenReprotected_theyAreRetriedAndTheJobStartsOnce() {
    sim.fault("GET", "/replicationprotecteditems/vm-web-01", 429, 1, null, 2);
    sim.fault(
        "POST",
        "/reprotect",
        500,
        null,
        null,
        1); // a POST is not repeated in-call: the step retries

    ReprotectStatus status = reprotect("vm-web-01");

    assertEquals(ReprotectState.PROTECTED, status.state(), status::toString);
    assertEquals(2, step(status, Step.START_REPLICATION).attempts());
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
  }

  @Test
  void
      givenAReprotectPostAnswered500AfterTheServiceStartedTheJob_whenReprotected_thatJobIsFollowedAndNoSecondPosted() {
    sim.faultAfterActing("POST", "/reprotect", 500, 1);

    ReprotectStatus status = reprotect("vm-web-01");

    assertEquals(ReprotectState.PROTECTED, status.state(), status::toString);
    assertEquals(1, step(status, Step.START_REPLICATION).attempts());
    assertEquals(1, sim.reprotectPosts("vm-web-01"));
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
  }

  @Test
  void givenAFailoverStillPendingItsCommit_whenReprotected_preflightRefusesItBeforeAnyPost() {
    sim.commitPending("vm-web-01");

    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> reprotect("vm-web-01"));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertEquals(Rule.REPLICA_NOT_PROTECTED.name(), cause.getType());
    assertTrue(
        cause
            .getOriginalMessage()
            .contains("allowed operations: [Commit, ChangePit, DisableProtection]"),
        cause::getOriginalMessage);
    assertEquals(0, sim.reprotectPosts("vm-web-01"));
  }

  @Test
  void
      givenAnAgentNotYetRegisteredWhenTheJobRuns_whenReprotected_theTransientRuleIsRetriedUntilProtected() {
    sim.failReprotect(
        "vm-web-01",
        1,
        new ServiceError(
            "78052",
            "The mobility service agent on the virtual machine is not registered with the configuration server.",
            "The agent has not reported since the failover.",
            "Wait up to 15 minutes after boot, then retry."));

    ReprotectStatus status = reprotect("vm-web-01");

    assertEquals(ReprotectState.PROTECTED, status.state(), status::toString);
    assertEquals(2, step(status, Step.START_REPLICATION).attempts());
    assertEquals(2, sim.reprotectJobs("vm-web-01"));
  }

  @Test
  void givenAnAsrErrorNoRuleMatches_whenReprotected_itFailsNonRetryablyWithAsrsAction() {
    sim.failReprotect(
        "vm-web-01",
        2,
        new ServiceError(
            "99999", "Something unexpected happened.", null, "Contact Microsoft support."));

    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> reprotect("vm-web-01"));

    ApplicationFailure cause = (ApplicationFailure) e.getCause();
    assertTrue(
        cause.getOriginalMessage().contains("Fix: Contact Microsoft support."),
        cause::getOriginalMessage);
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
  }

  @Test
  void givenTheReplicaMovedToAnotherResourceGroup_whenReprotected_preflightRefusesItByTheRule() {
    sim.vmMoved("vm-web-01");

    WorkflowFailedException e =
        assertThrows(WorkflowFailedException.class, () -> reprotect("vm-web-01"));

    assertEquals(
        Rule.VM_MOVED_RESOURCE_GROUP.name(), ((ApplicationFailure) e.getCause()).getType());
    assertEquals(0, sim.reprotectJobs("vm-web-01"));
  }
}
