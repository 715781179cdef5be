package dev.reprotect.worker.chaos;

import dev.reprotect.worker.AroundActivities;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor.ActivityOutput;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault injection for chaos tests: a worker interceptor that makes activities fail as its {@link
 * FaultPlan} says, before they run or after they ran. It wraps whatever activity implementations
 * the worker registered, so it works the same over the simulated site and a real adapter. Off
 * unless configured ({@code reprotect.chaos.enabled}).
 */
public final class ChaosInterceptor extends AroundActivities {

  private static final Logger LOG = LoggerFactory.getLogger(ChaosInterceptor.class);

  private final FaultPlan plan;

  public ChaosInterceptor(FaultPlan plan) {
    this.plan = plan;
  }

  public FaultPlan plan() {
    return plan;
  }

  @Override
  protected ActivityOutput around(
      ActivityInfo info, String item, Supplier<ActivityOutput> attempt) {
    String type = info.getActivityType();
    plan.decide(type, item, FaultRule.When.BEFORE).ifPresent(rule -> inject(rule, info, item));
    ActivityOutput output = attempt.get();
    plan.decide(type, item, FaultRule.When.AFTER).ifPresent(rule -> inject(rule, info, item));
    return output;
  }

  private static void inject(FaultRule rule, ActivityInfo info, String item) {
    String what =
        info.getActivityType()
            + (item == null ? "" : " of " + item)
            + " (attempt "
            + info.getAttempt()
            + ", "
            + rule.when().name().toLowerCase()
            + " its work)";
    LOG.info("Chaos: injecting {} into {}", rule.mode(), what);
    switch (rule.mode()) {
      case TRANSIENT ->
          throw ApplicationFailure.newFailure(
              "injected transient fault in " + what, FaultPlan.INJECTED_FAULT);
      case NON_RETRYABLE ->
          throw ApplicationFailure.newNonRetryableFailure(
              "injected non-retryable fault in " + what, FaultPlan.INJECTED_FAULT);
      case TIMEOUT -> {
        Duration delay = rule.delay() != null ? rule.delay() : pastStartToClose(info);
        sleep(delay);
        throw ApplicationFailure.newFailure(
            "injected timeout in " + what + " (slept " + delay + ")", FaultPlan.INJECTED_FAULT);
      }
      case HANG -> {
        // No heartbeat: the server gives up on the attempt at its heartbeat timeout (else its
        // start-to-close); the thread is released just after, not days later.
        Duration heartbeat = info.getHeartbeatTimeout();
        sleep(
            heartbeat != null && !heartbeat.isZero()
                ? heartbeat.plusSeconds(1)
                : pastStartToClose(info));
        throw ApplicationFailure.newFailure("injected hang in " + what, FaultPlan.INJECTED_FAULT);
      }
    }
  }

  private static Duration pastStartToClose(ActivityInfo info) {
    Duration stc = info.getStartToCloseTimeout();
    return (stc == null || stc.isZero() ? Duration.ofMinutes(1) : stc).plusSeconds(1);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApplicationFailure.newFailure("injected fault interrupted", FaultPlan.INJECTED_FAULT);
    }
  }
}
