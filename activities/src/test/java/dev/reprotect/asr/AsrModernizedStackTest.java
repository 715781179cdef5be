package dev.reprotect.asr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.preflight.PreflightActivitiesImpl;
import dev.reprotect.reprotect.FailbackPolicy;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.site.SiteException;
import dev.reprotect.testing.TestClock;
import io.temporal.failure.ApplicationFailure;
import java.time.Clock;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A vault set up with the modernized VMware experience (InMageRcm fabric, InMageRcm and
 * InMageRcmFailback items), against the contract simulator (not Azure): refused with one message
 * naming the stack, before anything changes.
 */
@Timeout(60)
class AsrModernizedStackTest {

  private static final String TOKEN = "asr-modernized-test-token";
  private AsrContractSimulator sim;
  private AsrAzureSide asr;

  @BeforeEach
  void setUp() {
    sim =
        AsrContractSimulator.start(AsrContractSimulator.Options.fast(), TOKEN)
            .withModernizedSample();
    AsrSettings settings = AsrFixtures.settings(sim);
    asr =
        new AsrAzureSide(
            settings,
            new ArmClient(settings, AsrFixtures.token(TOKEN)),
            Clock.systemUTC(),
            p -> {});
  }

  @AfterEach
  void tearDown() {
    sim.close();
  }

  private static SiteException refused(Runnable call) {
    SiteException e = assertThrows(SiteException.class, call::run);
    assertEquals(ProductFailure.ASR_MODERNIZED_STACK_UNSUPPORTED.name(), e.type());
    assertFalse(e.retryable());
    assertTrue(
        e.getMessage().contains("this adapter reprotects only the classic stack"), e::getMessage);
    return e;
  }

  private static Runnable call(Supplier<?> read) {
    return read::get;
  }

  @Test
  void givenAModernizedVault_whenItemsAreRead_eachIsRefusedNamingItsType() {
    assertTrue(
        refused(call(() -> asr.replica("vm-web-01")))
            .getMessage()
            .contains("replicated item vm-web-01 is InMageRcm"));
    assertTrue(
        refused(call(() -> asr.replica("vm-rcm-fb-01")))
            .getMessage()
            .contains("replicated item vm-rcm-fb-01 is InMageRcmFailback"));
    refused(call(asr::replicas));
    refused(call(() -> asr.replication("vm-rcm-fb-01")));
  }

  @Test
  void
      givenAModernizedVault_whenTheFabricIsRead_itIsRefusedNamingInMageRcmNotAnUnreachableConfigurationServer() {
    assertTrue(
        refused(call(asr::processServers))
            .getMessage()
            .contains("fabric cs-01-fabric is InMageRcm"));
    assertFalse(asr.configServerReachable());
  }

  @Test
  void givenAModernizedVault_whenStarted_itIsRefusedAndNothingIsPosted() {
    refused(
        () ->
            asr.startReplication(
                new ReplicationSpec(
                    "vm-web-01",
                    "mt-win-01",
                    "appliance-01",
                    "vmfs-01",
                    "R:",
                    FailbackPolicy.FIXED)));

    assertEquals(0, sim.reprotectPosts("vm-web-01"));
  }

  @Test
  void givenAModernizedVault_whenPreflighted_theValidationFailsWithTheOneMessage() {
    SimulatedSite onPrem =
        SimulatedSite.loadSample(new SimulatedSite.Options(0.02, new TestClock()));
    PreflightActivitiesImpl preflight = new PreflightActivitiesImpl(onPrem, asr);

    // The adapter's fault, reported by the activity as a failure of the same type.
    ApplicationFailure e =
        assertThrows(
            ApplicationFailure.class,
            () ->
                preflight.preflight(
                    ReprotectRequest.of(
                        "vm-web-01", "mt-win-01", "appliance-01", "vmfs-01", "R:")));
    assertEquals(ProductFailure.ASR_MODERNIZED_STACK_UNSUPPORTED.name(), e.getType());
    assertTrue(e.isNonRetryable());
    assertTrue(e.getOriginalMessage().contains("this adapter reprotects only the classic stack"));

    assertEquals(
        List.of(), sim.requests().stream().filter(r -> r.method().equals("POST")).toList());
  }
}
