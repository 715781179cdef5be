package dev.reprotect.worker.chaos;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The fault plan and its interceptor, only when {@code reprotect.chaos.enabled} is true. */
@Factory
@Requires(property = "reprotect.chaos.enabled", value = "true")
public class ChaosFactory {

  private static final Logger LOG = LoggerFactory.getLogger(ChaosFactory.class);

  @Singleton
  FaultPlan faultPlan(ChaosSettings settings) {
    FaultPlan plan = new FaultPlan(settings.seed(), settings.rules());
    LOG.warn("Chaos: fault injection is ON for this worker (seed {}): {}", settings.seed(), plan);
    return plan;
  }

  @Singleton
  ChaosInterceptor chaosInterceptor(FaultPlan plan) {
    return new ChaosInterceptor(plan);
  }
}
