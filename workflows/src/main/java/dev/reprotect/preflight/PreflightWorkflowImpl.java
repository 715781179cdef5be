package dev.reprotect.preflight;

import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.Retries;
import io.temporal.activity.ActivityOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class PreflightWorkflowImpl implements PreflightWorkflow {

  /** A dry run answers an HTTP request: a few quick attempts, then report the fault. */
  static final ActivityOptions DRY_RUN =
      Retries.answeringARequest(Duration.ofSeconds(30), Duration.ofMinutes(1));

  private final PreflightActivities preflight =
      Workflow.newActivityStub(PreflightActivities.class, DRY_RUN);

  @Override
  public PreflightReport preflight(ReprotectRequest request) {
    return preflight.preflight(request);
  }
}
