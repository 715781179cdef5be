package dev.reprotect.worker.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults one worker process injects, and how many it has injected. Thread-safe: activity
 * threads consult it concurrently while rules are replaced. Probabilities draw from one seeded
 * {@link Random}, so a given seed and order of attempts gives the same faults. Each worker process
 * holds its own plan.
 */
public final class FaultPlan {

  /** The failure type of TRANSIENT and NON_RETRYABLE faults. */
  public static final String INJECTED_FAULT = "INJECTED_FAULT";

  private final Random random;
  private final List<Armed> rules = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> byActivity = new TreeMap<>();

  /** A rule and how many faults it has injected. */
  public record Armed(FaultRule rule, AtomicInteger injected) {}

  public FaultPlan(long seed) {
    this.random = new Random(seed);
  }

  public FaultPlan(long seed, List<FaultRule> rules) {
    this(seed);
    replace(rules);
  }

  /** Replaces every rule (counters of the old rules are dropped; per-activity totals stay). */
  public void replace(List<FaultRule> newRules) {
    List<Armed> armed = newRules.stream().map(r -> new Armed(r, new AtomicInteger())).toList();
    rules.clear();
    rules.addAll(armed);
  }

  public void add(FaultRule rule) {
    rules.add(new Armed(rule, new AtomicInteger()));
  }

  public void clear() {
    rules.clear();
  }

  public List<Armed> rules() {
    return List.copyOf(rules);
  }

  /**
   * The rule that faults this attempt, if any: the first in scope whose count is not used up and
   * whose probability draw hits. The fault is counted here.
   */
  public Optional<FaultRule> decide(String activityType, String item, FaultRule.When phase) {
    for (Armed armed : rules) {
      FaultRule rule = armed.rule();
      if (!rule.matches(activityType, item, phase)) {
        continue;
      }
      synchronized (this) {
        if (rule.count() > 0 && armed.injected().get() >= rule.count()) {
          continue;
        }
        if (rule.probability() < 1.0 && random.nextDouble() >= rule.probability()) {
          continue;
        }
        armed.injected().incrementAndGet();
        byActivity.computeIfAbsent(activityType, k -> new AtomicInteger()).incrementAndGet();
      }
      return Optional.of(rule);
    }
    return Optional.empty();
  }

  /** Faults injected so far, per activity type (sorted by type). */
  public synchronized Map<String, Integer> injectedByActivity() {
    Map<String, Integer> out = new TreeMap<>();
    byActivity.forEach((k, v) -> out.put(k, v.get()));
    return out;
  }

  /** Faults injected so far, in all. */
  public synchronized int injected() {
    return byActivity.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Override
  public String toString() {
    List<String> lines = new ArrayList<>();
    rules.forEach(a -> lines.add(a.rule() + " (injected " + a.injected().get() + ")"));
    return "FaultPlan" + lines;
  }
}
