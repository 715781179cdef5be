package dev.reprotect.worker;

import dev.reprotect.worker.server.EmbeddedTemporalServer;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code /health} includes the Temporal connection: DOWN when the namespace cannot be described.
 * Its details say which server runs (the embedded dev server, the in-memory fallback, or a cluster)
 * and where its Web UI is, which the dashboard links each workflow to. {@code stuckWorkflows}
 * counts the open workflows whose workflow task keeps failing (a bad deploy blocks them; rolling
 * back resumes them): a detail, not DOWN, since restarting this process would not help.
 */
@Singleton
public class TemporalHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final WorkflowServiceStubs stubs;
  private final TemporalSettings settings;
  private final @Nullable EmbeddedTemporalServer embedded;
  private final String uiUrl;
  private final @Nullable StuckWorkflowsMonitor stuck;

  public TemporalHealthIndicator(
      WorkflowServiceStubs stubs,
      TemporalSettings settings,
      @Nullable EmbeddedTemporalServer embedded,
      @Value("${reprotect.temporal.ui-url:}") String configuredUiUrl,
      @Nullable StuckWorkflowsMonitor stuck) {
    this.stubs = stubs;
    this.stuck = stuck;
    this.settings = settings;
    this.embedded = embedded;
    this.uiUrl =
        configuredUiUrl != null && !configuredUiUrl.isBlank()
            ? configuredUiUrl
            : embedded == null ? "" : embedded.uiUrl().orElse("");
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("target", settings.target());
    details.put("namespace", settings.namespace());
    details.put("server", embedded == null ? "external cluster" : embedded.description());
    details.put(
        "inMemory", embedded != null && embedded.kind() == EmbeddedTemporalServer.Kind.IN_MEMORY);
    if (!uiUrl.isBlank()) {
      details.put("ui", uiUrl);
    }
    if (stuck != null) {
      Map<String, Object> stuckDetail = new LinkedHashMap<>();
      stuck
          .last()
          .ifPresent(
              report -> {
                stuckDetail.put("count", report.count());
                stuckDetail.put("workflows", report.named());
                stuckDetail.put("checkedAt", report.checkedAt().toString());
                if (report.count() > 0) {
                  stuckDetail.put(
                      "fix",
                      "their workflow task keeps failing: if a deploy just happened, roll it back"
                          + " (they resume where they stopped); else see the workflow task failure in their history");
                }
              });
      stuck.lastError().ifPresent(error -> stuckDetail.put("error", error));
      details.put("stuckWorkflows", stuckDetail);
    }
    try {
      stubs
          .blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .describeNamespace(
              DescribeNamespaceRequest.newBuilder().setNamespace(settings.namespace()).build());
      healthStatus = HealthStatus.UP;
    } catch (RuntimeException unreachable) {
      healthStatus = HealthStatus.DOWN;
      details.put("error", unreachable.getMessage());
    }
    return details;
  }

  @Override
  protected String getName() {
    return "temporal";
  }
}
