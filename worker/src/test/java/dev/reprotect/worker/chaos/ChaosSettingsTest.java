package dev.reprotect.worker.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fault injection is off unless configured; configured, its rules are parsed from the list. */
class ChaosSettingsTest {

  static final Map<String, Object> NO_TEMPORAL =
      Map.of("reprotect.worker.enabled", "false", "reprotect.temporal.embedded-server", "false");

  @Test
  void givenNoChaosConfiguration_thereIsNoFaultPlanAndNoInterceptor() {
    try (ApplicationContext context = ApplicationContext.run(NO_TEMPORAL)) {
      assertTrue(context.findBean(FaultPlan.class).isEmpty());
      assertTrue(context.findBean(ChaosInterceptor.class).isEmpty());
    }
  }

  @Test
  void givenChaosEnabledWithFaults_thePlanHoldsEachRule() {
    Map<String, Object> config = new java.util.HashMap<>(NO_TEMPORAL);
    config.put("reprotect.chaos.enabled", "true");
    config.put("reprotect.chaos.seed", "7");
    config.put(
        "reprotect.chaos.faults",
        List.of("* probability=0.3", "PowerOff mode=NON_RETRYABLE item=vm-web-01 count=1"));
    try (ApplicationContext context = ApplicationContext.run(config)) {
      FaultPlan plan = context.getBean(FaultPlan.class);
      assertEquals(2, plan.rules().size());
      assertEquals(FaultMode.NON_RETRYABLE, plan.rules().get(1).rule().mode());
      assertEquals("vm-web-01", plan.rules().get(1).rule().item());
      assertTrue(context.findBean(ChaosInterceptor.class).isPresent());
    }
  }
}
