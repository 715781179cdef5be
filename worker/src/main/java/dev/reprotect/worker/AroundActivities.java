package dev.reprotect.worker;

import io.temporal.activity.ActivityExecutionContext;
import io.temporal.activity.ActivityInfo;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor.ActivityOutput;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.lang.reflect.Method;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A worker interceptor that runs code around every activity attempt, knowing the attempt's info and
 * the VM it is about. It wraps whatever activities the worker registered, simulated or real.
 */
public abstract class AroundActivities extends WorkerInterceptorBase {

  @Override
  public final ActivityInboundCallsInterceptor interceptActivity(
      ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private ActivityExecutionContext context;

      @Override
      public void init(ActivityExecutionContext ctx) {
        this.context = ctx;
        super.init(ctx);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        return around(
            context.getInfo(), replicatedItem(input.getArguments()), () -> super.execute(input));
      }
    };
  }

  /**
   * Runs one attempt: {@code attempt.get()} executes the activity.
   *
   * @param item the replicated item the attempt is about, or null
   */
  protected abstract ActivityOutput around(
      ActivityInfo info, String item, Supplier<ActivityOutput> attempt);

  /** The first argument's {@code replicatedItem()} (every per-VM request has one), or null. */
  public static String replicatedItem(Object[] arguments) {
    if (arguments == null) {
      return null;
    }
    for (Object arg : arguments) {
      if (arg == null) {
        continue;
      }
      Optional<Method> accessor = accessor(arg.getClass());
      if (accessor.isPresent()) {
        try {
          Object value = accessor.get().invoke(arg);
          return value == null ? null : value.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
          return null;
        }
      }
    }
    return null;
  }

  private static Optional<Method> accessor(Class<?> type) {
    try {
      Method m = type.getMethod("replicatedItem");
      return m.getParameterCount() == 0 ? Optional.of(m) : Optional.empty();
    } catch (NoSuchMethodException e) {
      return Optional.empty();
    }
  }
}
