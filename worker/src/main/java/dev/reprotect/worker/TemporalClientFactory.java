package dev.reprotect.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.annotation.Nullable;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import jakarta.inject.Singleton;

/** The connection to Temporal, shared by the worker and the API. */
@Factory
public class TemporalClientFactory {

  /**
   * The gRPC stubs. Depends on the embedded server (when enabled) so that it listens first. The
   * SDK's metrics go to Micronaut's registry, and from there to {@code /prometheus}.
   */
  @Singleton
  @Bean(preDestroy = "shutdown")
  WorkflowServiceStubs workflowServiceStubs(
      TemporalSettings settings,
      @Nullable EmbeddedTemporalServer embedded,
      @Nullable MeterRegistry meterRegistry) {
    WorkflowServiceStubsOptions.Builder options =
        WorkflowServiceStubsOptions.newBuilder().setTarget(settings.target());
    if (meterRegistry != null) {
      Scope scope =
          new RootScopeBuilder()
              .reporter(new MicrometerClientStatsReporter(meterRegistry))
              .reportEvery(com.uber.m3.util.Duration.ofSeconds(1));
      options.setMetricsScope(scope);
    }
    return WorkflowServiceStubs.newServiceStubs(options.build());
  }

  @Singleton
  WorkflowClient workflowClient(WorkflowServiceStubs stubs, TemporalSettings settings) {
    return WorkflowClient.newInstance(
        stubs, WorkflowClientOptions.newBuilder().setNamespace(settings.namespace()).build());
  }
}
