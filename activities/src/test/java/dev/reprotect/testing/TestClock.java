package dev.reprotect.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A wall clock tests move by hand, or that moves by a tick each time it is read. */
public final class TestClock extends Clock {

  private final AtomicReference<Instant> now =
      new AtomicReference<>(Instant.parse("2026-11-25T08:00:00Z"));
  private volatile Duration tick = Duration.ZERO;

  public void advance(Duration d) {
    now.updateAndGet(i -> i.plus(d));
  }

  /** From now on every read moves the clock by this much (Duration.ZERO: stand still). */
  public void tickOnEveryRead(Duration d) {
    tick = d;
  }

  @Override
  public Instant instant() {
    Duration t = tick;
    return now.getAndUpdate(i -> i.plus(t));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
