package dev.reprotect;

import static dev.reprotect.StackApi.listOf;
import static dev.reprotect.StackApi.onWindowsMasterTarget;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.reprotect.simulated.SideEffects;
import dev.reprotect.simulated.SimulatedSite;
import dev.reprotect.worker.chaos.FaultPlan;
import io.micronaut.context.annotation.Property;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fault injection enabled by configuration in the runnable app: faults before and after the effect
 * of the vCenter and Azure steps; the VM still ends protected, each step's attempts show the
 * retries, and the site saw every action once.
 */
@MicronautTest(environments = StackApi.ENVIRONMENT)
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "reprotect.chaos.enabled", value = "true")
@Property(
    name = "reprotect.chaos.faults",
    value =
        "PowerOff|AttachDisks|StartReplication when=AFTER count=3 item=vm-web-01,Validate|MergeSnapshots count=2 item=vm-web-01")
@Timeout(120)
class ChaosStackTest {

  @Inject StackApi api;

  @Inject FaultPlan faults;

  @Inject SimulatedSite site;

  @Test
  void givenFaultsConfigured_whenAVmIsReprotected_itIsProtectedWithRetriesAndEachActionOnce()
      throws Exception {
    api.post("/api/v1/reprotections", onWindowsMasterTarget("vm-web-01"));
    Map<String, Object> status =
        api.await(
            "/api/v1/reprotections/reprotect-vm-web-01",
            Duration.ofSeconds(100),
            StackApi::terminal);

    assertEquals("PROTECTED", status.get("state"), status.toString());
    assertEquals(5, faults.injected(), faults::toString);
    SideEffects effects = site.sideEffects("vm-web-01");
    assertEquals(new SideEffects(1, 1, 1, 0, 1, 0, 0), effects);
    int retried = 0;
    for (Map<String, Object> step : listOf(status, "steps")) {
      retried += ((Number) step.get("attempts")).intValue() > 1 ? 1 : 0;
    }
    assertTrue(retried >= 2, "steps with more than one attempt: " + status.get("steps"));
  }
}
