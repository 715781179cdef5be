package dev.reprotect.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.asr.AsrContractSimulator.ServiceError;
import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.rules.Rule;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.site.AzureSide.ReplicationState;
import dev.reprotect.site.AzureSide.ReplicationStatus;
import dev.reprotect.site.SiteException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Site Recovery jobs as the specification has them, against the contract simulator (not Azure):
 * every job state, an operation without headers followed through its job, and a reProtect POST
 * never repeated blindly.
 */
@Timeout(60)
class AsrJobsTest {

  private static final String TOKEN = "asr-jobs-test-token";
  private final List<String> progress = new CopyOnWriteArrayList<>();
  private AsrContractSimulator sim;
  private AsrAzureSide asr;

  @BeforeEach
  void setUp() {
    sim = AsrContractSimulator.start(AsrContractSimulator.Options.fast(), TOKEN).withSample();
    asr = side(AsrFixtures.settings(sim));
  }

  @AfterEach
  void tearDown() {
    sim.close();
  }

  private AsrAzureSide side(AsrSettings settings) {
    return new AsrAzureSide(
        settings,
        new ArmClient(settings, AsrFixtures.token(TOKEN)),
        Clock.systemUTC(),
        progress::add);
  }

  private AsrAzureSide impatient() {
    return side(AsrFixtures.withStartFollow(AsrFixtures.settings(sim), Duration.ofMillis(1)));
  }

  private static ReplicationSpec spec(String item) {
    return new ReplicationSpec(
        item, "mt-win-01", "ps-azure-01", "vmfs-01", "R:", FailbackPolicy.FIXED);
  }

  // ---- Every job state. ----

  @Test
  void
      givenAReprotectJobCancelledWhileFollowed_whenStarted_itIsANonRetryableJobCancelledWithAFix() {
    sim.stopReprotect("vm-web-01", 1, "Cancelled");

    SiteException e =
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01")));

    assertEquals(ProductFailure.ASR_JOB_CANCELLED.name(), e.type());
    assertFalse(e.retryable());
    assertTrue(
        e.getMessage().contains("Fix: if the reprotection should still happen, start it again"),
        e::getMessage);
  }

  @Test
  void
      givenACancelledReprotectJobBeforeTheSwitch_whenRead_itIsNotStartedAndStartingAgainPostsANewJob() {
    sim.stopReprotect("vm-web-01", 1, "Cancelled");
    assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01")));

    ReplicationStatus status = asr.replication("vm-web-01");

    assertEquals(ReplicationState.NOT_STARTED, status.state(), status::toString);
    assertTrue(status.detail().contains("Site Recovery job Reprotect Cancelled"), status::toString);
    asr.startReplication(spec("vm-web-01"));
    assertEquals(2, sim.reprotectJobs("vm-web-01"));
  }

  @Test
  void
      givenASuspendedReprotectJob_whenStartedReadOrStartedAgain_itIsANonRetryableJobSuspendedAndNoSecondPost() {
    sim.stopReprotect("vm-web-01", 1, "Suspended");

    SiteException started =
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01")));
    SiteException read = assertThrows(SiteException.class, () -> asr.replication("vm-web-01"));
    SiteException again =
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01")));

    for (SiteException e : List.of(started, read, again)) {
      assertEquals(ProductFailure.ASR_JOB_SUSPENDED.name(), e.type());
      assertFalse(e.retryable());
      assertTrue(e.getMessage().contains("Fix: resume the job in the vault"), e::getMessage);
    }
    assertEquals(1, sim.reprotectPosts("vm-web-01"));
  }

  @Test
  void givenAReprotectJobInStateOther_whenRead_itIsStillSynchronizingNotProtected() {
    sim.stopReprotect("vm-web-01", 1, "Other");
    impatient().startReplication(spec("vm-web-01"));

    ReplicationStatus status = asr.replication("vm-web-01");
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!status.detail().contains("Reprotect Other") && System.nanoTime() < deadline) {
      status = asr.replication("vm-web-01");
    }

    assertEquals(ReplicationState.SYNCHRONIZING, status.state(), status::toString);
    assertTrue(status.detail().contains("Reprotect Other"), status::toString);
  }

  @Test
  void
      givenAQueuedReprotectJob_whenReadAndStartedAgain_itIsNotStartedAndTheSameJobIsFollowedNotPostedAgain() {
    sim.queueReprotect("vm-web-01", Duration.ofMillis(1500));

    SiteException queued =
        assertThrows(SiteException.class, () -> impatient().startReplication(spec("vm-web-01")));
    assertEquals(ProductFailure.ASR_JOB_NOT_STARTED.name(), queued.type());
    assertTrue(queued.retryable(), "the step is retried and follows the same job");
    ReplicationStatus status = asr.replication("vm-web-01");
    assertEquals(ReplicationState.NOT_STARTED, status.state(), status::toString);
    assertTrue(
        status.detail().contains("Site Recovery job Reprotect NotStarted"), status::toString);

    asr.startReplication(spec("vm-web-01"));

    assertEquals(1, sim.reprotectPosts("vm-web-01"));
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
    assertTrue(
        progress.get(progress.size() - 1).contains("Reprotect Succeeded"), progress::toString);
  }

  // ---- Long-running operations without headers. ----

  @Test
  void givenA202WithoutOperationHeaders_whenStarted_theItemsJobIsFollowedToItsEnd() {
    sim.operationHeaders(false);

    asr.startReplication(spec("vm-web-01"));

    assertTrue(
        progress.stream().anyMatch(p -> p.contains("Prerequisites check for reprotect [")),
        progress::toString);
    assertTrue(
        progress.get(progress.size() - 1).contains("Update the protection state [Succeeded]"),
        progress::toString);
    assertTrue(asr.replication("vm-web-01").state() != ReplicationState.NOT_STARTED);
  }

  @Test
  void givenA202WithoutOperationHeadersAndAJobThatFails_whenStarted_itIsTheJobsErrorMapped() {
    sim.operationHeaders(false);
    sim.failReprotect(
        "vm-web-01",
        1,
        new ServiceError(
            "78045", "The retention drive R: is locked.", null, "Choose another retention drive."));

    SiteException e =
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01")));

    assertEquals(Rule.RETENTION_DRIVE_INVALID, e.rule());
    assertEquals("Choose another retention drive.", e.fix());
  }

  // ---- No blind POST. ----

  @Test
  void givenAPostAnswered5xx_whenCalled_theArmClientDoesNotRepeatIt() {
    sim.fault("POST", "/reprotect", 503, null, null, 1);
    ArmClient arm = new ArmClient(AsrFixtures.settings(sim), AsrFixtures.token(TOKEN));

    SiteException e =
        assertThrows(
            SiteException.class,
            () ->
                arm.post(
                    AsrFixtures.settings(sim).containerPath()
                        + "/replicationProtectedItems/vm-web-01/reProtect",
                    ArmClient.json().createObjectNode()));

    assertEquals(ProductFailure.AZURE_UNAVAILABLE.name(), e.type());
    assertTrue(e.retryable());
    assertEquals(1, sim.reprotectPosts("vm-web-01"));
  }

  @Test
  void
      givenAReprotectPostThatFailsAfterTheServiceStartedTheJob_whenStarted_thatJobIsFollowedNotPostedAgain() {
    sim.faultAfterActing("POST", "/reprotect", 500, 1);

    asr.startReplication(spec("vm-web-01"));

    assertEquals(1, sim.reprotectPosts("vm-web-01"));
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
    assertTrue(
        progress.get(progress.size() - 1).contains("Reprotect Succeeded"), progress::toString);
  }

  @Test
  void
      givenAReprotectPostThatFailedBeforeTheServiceActed_whenStarted_itIsATransientFailureAndTheRetryPostsOnce() {
    sim.fault("POST", "/reprotect", 500, null, null, 1);

    SiteException e =
        assertThrows(SiteException.class, () -> asr.startReplication(spec("vm-web-01")));
    assertEquals(ProductFailure.AZURE_UNAVAILABLE.name(), e.type());
    assertTrue(e.retryable());
    asr.startReplication(spec("vm-web-01"));

    assertEquals(2, sim.reprotectPosts("vm-web-01"));
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
  }

  @Test
  void
      givenAReprotectStillRunning_whenTheStepStartsItAgain_theRunningJobIsFollowedAndNothingIsPosted() {
    impatient().startReplication(spec("vm-web-01"));

    asr.startReplication(spec("vm-web-01"));

    assertEquals(1, sim.reprotectPosts("vm-web-01"));
    assertEquals(1, sim.reprotectJobs("vm-web-01"));
    assertTrue(
        progress.get(progress.size() - 1).contains("Reprotect Succeeded"), progress::toString);
    asr.startReplication(spec("vm-web-01")); // reprotected (InMage): nothing to post
    assertEquals(1, sim.reprotectPosts("vm-web-01"));
  }

  @Test
  void
      givenADisableStillRunning_whenTheStepStopsReplicationAgain_theJobIsFollowedAndNothingIsPosted() {
    asr.startReplication(spec("vm-web-01"));
    impatient().stopReplication("vm-web-01"); // the window closes while the disable job runs

    asr.stopReplication("vm-web-01");

    assertEquals(1, sim.removePosts("vm-web-01"), "a second remove POST would be refused (539)");
    assertEquals(ReplicationState.STOPPED, asr.replication("vm-web-01").state());
  }
}
