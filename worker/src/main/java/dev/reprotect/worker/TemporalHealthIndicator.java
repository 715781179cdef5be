package dev.reprotect.worker;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.AbstractHealthIndicator;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** {@code /health} includes the Temporal connection: DOWN when the namespace cannot be described. */
@Singleton
public class TemporalHealthIndicator extends AbstractHealthIndicator<Map<String, Object>> {

  private final WorkflowServiceStubs stubs;
  private final TemporalSettings settings;

  public TemporalHealthIndicator(WorkflowServiceStubs stubs, TemporalSettings settings) {
    this.stubs = stubs;
    this.settings = settings;
  }

  @Override
  protected Map<String, Object> getHealthInformation() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("target", settings.target());
    details.put("namespace", settings.namespace());
    try {
      stubs.blockingStub()
          .withDeadlineAfter(2, TimeUnit.SECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(settings.namespace()).build());
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
