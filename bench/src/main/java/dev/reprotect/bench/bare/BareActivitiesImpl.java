package dev.reprotect.bench.bare;

import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.util.function.LongSupplier;

public class BareActivitiesImpl implements BareActivities {

  private final LongSupplier clock;

  public BareActivitiesImpl() {
    this(System::currentTimeMillis);
  }

  public BareActivitiesImpl(LongSupplier clock) {
    this.clock = clock;
  }

  @Override
  public String step(String input) {
    return input;
  }

  @Override
  public String waitUntil(long epochMillis) {
    if (clock.getAsLong() < epochMillis) {
      Activity.getExecutionContext().heartbeat(null);
      throw ApplicationFailure.newFailure("not yet", "NOT_YET");
    }
    return "done";
  }
}
