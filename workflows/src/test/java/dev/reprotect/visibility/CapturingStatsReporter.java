package dev.reprotect.visibility;

import com.uber.m3.tally.Buckets;
import com.uber.m3.tally.Capabilities;
import com.uber.m3.tally.CapableOf;
import com.uber.m3.tally.StatsReporter;
import com.uber.m3.util.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A tally reporter that keeps what it is given: counters summed, gauges last, timers each. */
public final class CapturingStatsReporter implements StatsReporter {

  /** A metric's name and tags. */
  public record Key(String name, Map<String, String> tags) {}

  public final Map<Key, Long> counters = new ConcurrentHashMap<>();
  public final Map<Key, Double> gauges = new ConcurrentHashMap<>();
  public final Map<Key, List<Duration>> timers = new ConcurrentHashMap<>();

  /** The sum of this counter over every tag set that includes these tags. */
  public long counter(String name, Map<String, String> tags) {
    return counters.entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals(name)
                    && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
        .mapToLong(Map.Entry::getValue)
        .sum();
  }

  /** How many times this timer recorded, over every tag set that includes these tags. */
  public int timings(String name, Map<String, String> tags) {
    return timers.entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals(name)
                    && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
        .mapToInt(e -> e.getValue().size())
        .sum();
  }

  /** The last value of this gauge with these tags among its own, or null. */
  public Double gauge(String name, Map<String, String> tags) {
    return gauges.entrySet().stream()
        .filter(
            e ->
                e.getKey().name().equals(name)
                    && e.getKey().tags().entrySet().containsAll(tags.entrySet()))
        .map(Map.Entry::getValue)
        .findFirst()
        .orElse(null);
  }

  @Override
  public void reportCounter(String name, Map<String, String> tags, long value) {
    counters.merge(new Key(name, Map.copyOf(tags)), value, Long::sum);
  }

  @Override
  public void reportGauge(String name, Map<String, String> tags, double value) {
    gauges.put(new Key(name, Map.copyOf(tags)), value);
  }

  @Override
  public void reportTimer(String name, Map<String, String> tags, Duration interval) {
    timers
        .computeIfAbsent(new Key(name, Map.copyOf(tags)), k -> new CopyOnWriteArrayList<>())
        .add(interval);
  }

  @Override
  public void reportHistogramValueSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      double lower,
      double upper,
      long samples) {}

  @Override
  public void reportHistogramDurationSamples(
      String name,
      Map<String, String> tags,
      Buckets buckets,
      Duration lower,
      Duration upper,
      long samples) {}

  @Override
  public Capabilities capabilities() {
    return CapableOf.REPORTING_TAGGING;
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
