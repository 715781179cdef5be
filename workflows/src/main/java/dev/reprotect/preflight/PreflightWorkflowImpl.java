package dev.reprotect.preflight;

import dev.reprotect.reprotect.ReprotectRequest;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class PreflightWorkflowImpl implements PreflightWorkflow {

  /** A dry run answers an HTTP request: a few quick attempts, then report the fault. */
  static final ActivityOptions DRY_RUN =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(1))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofMillis(200))
                  .setMaximumAttempts(3)
                  .build())
          .build();

  private final PreflightActivities preflight =
      Workflow.newActivityStub(PreflightActivities.class, DRY_RUN);

  @Override
  public PreflightReport preflight(ReprotectRequest request) {
    return preflight.preflight(request);
  }
}
