package dev.reprotect.worker;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.scheduling.annotation.Scheduled;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks for stuck workflows every minute and shows the count as the gauge {@code
 * reprotect_workflows_stuck} (the alert rule in {@code deploy/} fires on it) and in {@code
 * /health}'s temporal details. The gauge is NaN until a check has succeeded, so that "not known"
 * never reads as "none stuck".
 */
@Singleton
public class StuckWorkflowsMonitor {

  /**
   * The gauge's name as Micrometer takes it; Prometheus shows {@code reprotect_workflows_stuck}.
   */
  static final String GAUGE = "reprotect.workflows.stuck";

  private static final Logger LOG = LoggerFactory.getLogger(StuckWorkflowsMonitor.class);

  private final StuckWorkflows stuck;
  private final AtomicReference<StuckWorkflows.Report> last = new AtomicReference<>();
  private final AtomicReference<String> lastError = new AtomicReference<>();

  public StuckWorkflowsMonitor(
      WorkflowServiceStubs stubs, TemporalSettings settings, @Nullable MeterRegistry registry) {
    this.stuck =
        new StuckWorkflows(
            stubs, settings.namespace(), List.of(settings.taskQueue(), settings.slotsTaskQueue()));
    if (registry != null) {
      Gauge.builder(GAUGE, last, report -> report.get() == null ? Double.NaN : report.get().count())
          .description(
              "Open workflows whose workflow task keeps failing (e.g. a non-deterministic deploy)")
          .register(registry);
    }
  }

  @Scheduled(fixedDelay = "${reprotect.worker.stuck-check-interval:60s}", initialDelay = "10s")
  void check() {
    try {
      StuckWorkflows.Report report = stuck.check();
      last.set(report);
      lastError.set(null);
      if (report.count() > 0) {
        LOG.warn(
            "{} workflows are stuck (their workflow task keeps failing), e.g. {}; if a deploy just"
                + " happened, roll it back: they resume where they stopped",
            report.count(),
            report.named());
      }
    } catch (RuntimeException unreadable) {
      lastError.set(unreadable.getMessage());
      LOG.debug("could not check for stuck workflows: {}", unreadable.getMessage());
    }
  }

  /** The last successful check, if any. */
  public Optional<StuckWorkflows.Report> last() {
    return Optional.ofNullable(last.get());
  }

  /** Why the last check failed, if it did. */
  public Optional<String> lastError() {
    return Optional.ofNullable(lastError.get());
  }
}
