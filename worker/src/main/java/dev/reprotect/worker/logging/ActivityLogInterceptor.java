package dev.reprotect.worker.logging;

import dev.reprotect.worker.AroundActivities;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor.ActivityOutput;
import io.temporal.failure.ApplicationFailure;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logs what the site's steps do, in context: the workflow id, the VM (replicated item) and the step
 * (activity type) of the running activity go into the logging MDC, so that every line an activity
 * logs, and every line the SDK logs about it, says which reprotection and step it belongs to (in
 * JSON logs under {@code mdc}); and each attempt's end is one line: done or failed, after how long.
 * Only ids, names and failure types: never an argument's other fields or a failure's details.
 */
public final class ActivityLogInterceptor extends AroundActivities {

  public static final String WORKFLOW_ID = "workflowId";
  public static final String VM = "vm";
  public static final String STEP = "step";

  private static final Logger LOG = LoggerFactory.getLogger(ActivityLogInterceptor.class);

  @Override
  protected ActivityOutput around(ActivityInfo info, String vm, Supplier<ActivityOutput> attempt) {
    MDC.put(WORKFLOW_ID, info.getWorkflowId());
    MDC.put(STEP, info.getActivityType());
    if (vm != null) {
      MDC.put(VM, vm);
    }
    long started = System.nanoTime();
    try {
      ActivityOutput output = attempt.get();
      LOG.info(
          "{}{} done in {} ms (attempt {})",
          info.getActivityType(),
          of(vm),
          millisSince(started),
          info.getAttempt());
      return output;
    } catch (RuntimeException failure) {
      LOG.info(
          "{}{} failed after {} ms (attempt {}): {}",
          info.getActivityType(),
          of(vm),
          millisSince(started),
          info.getAttempt(),
          typeOf(failure));
      throw failure;
    } finally {
      MDC.remove(WORKFLOW_ID);
      MDC.remove(STEP);
      MDC.remove(VM);
    }
  }

  private static String of(String vm) {
    return vm == null ? "" : " of " + vm;
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  /** A rule ID (the failure's type) or the exception's class: never its message. */
  private static String typeOf(RuntimeException failure) {
    return failure instanceof ApplicationFailure app
        ? app.getType()
        : failure.getClass().getSimpleName();
  }
}
