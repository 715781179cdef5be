package dev.reprotect.worker.chaos;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One fault to inject: which activities (by type name, e.g. {@code PowerOff}; {@code *} for every
 * type), optionally which replicated item, what happens, when, and how often.
 *
 * <p>Written as one line, so that it fits a YAML list and an environment variable: {@code
 * "PowerOff|AttachDisks mode=TRANSIENT when=AFTER probability=0.3 count=5 item=vm-web-01
 * delay=PT2M"}. Only the activity types are required; the defaults are {@code mode=TRANSIENT
 * when=BEFORE probability=1 count=0} (0 = no limit by count) and any item.
 *
 * @param activityTypes activity type names; empty = every type
 * @param item the replicated item (read from the activity's input), or null for any
 * @param mode what the fault does
 * @param when before the activity runs (nothing changed) or after it ran (its effect done, its
 *     result lost: what proves a retry does not act twice)
 * @param probability chance that a matching attempt is faulted (seeded by the plan)
 * @param count at most this many faults by this rule (0 = no limit)
 * @param delay how long TIMEOUT sleeps (null: just past the attempt's start-to-close timeout)
 */
public record FaultRule(
    Set<String> activityTypes,
    String item,
    FaultMode mode,
    When when,
    double probability,
    int count,
    Duration delay) {

  /** Before or after the activity's own work. */
  public enum When {
    BEFORE,
    AFTER
  }

  public FaultRule {
    activityTypes = Set.copyOf(activityTypes);
    if (mode == null) {
      mode = FaultMode.TRANSIENT;
    }
    if (when == null) {
      when = When.BEFORE;
    }
    if (probability < 0 || probability > 1) {
      throw new IllegalArgumentException("probability must be within 0..1, was " + probability);
    }
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 (no limit) or more, was " + count);
    }
  }

  public FaultRule withProbability(double p) {
    return new FaultRule(activityTypes, item, mode, when, p, count, delay);
  }

  public FaultRule withCount(int n) {
    return new FaultRule(activityTypes, item, mode, when, probability, n, delay);
  }

  public FaultRule withMode(FaultMode m) {
    return new FaultRule(activityTypes, item, m, when, probability, count, delay);
  }

  public FaultRule withWhen(When w) {
    return new FaultRule(activityTypes, item, mode, w, probability, count, delay);
  }

  public FaultRule forItem(String replicatedItem) {
    return new FaultRule(activityTypes, replicatedItem, mode, when, probability, count, delay);
  }

  public FaultRule withDelay(Duration d) {
    return new FaultRule(activityTypes, item, mode, when, probability, count, d);
  }

  /** Whether an attempt of this activity type, for this item (null if none), is in scope. */
  public boolean matches(String activityType, String replicatedItem, When phase) {
    return when == phase
        && (activityTypes.isEmpty() || activityTypes.contains(activityType))
        && (item == null || item.equals(replicatedItem));
  }

  /** Parses the one-line form (see the class comment). */
  public static FaultRule parse(String line) {
    String[] tokens = line.trim().split("\\s+");
    if (tokens.length == 0 || tokens[0].isEmpty() || tokens[0].contains("=")) {
      throw new IllegalArgumentException("a fault starts with its activity types (or *): " + line);
    }
    Set<String> types = new LinkedHashSet<>();
    for (String t : tokens[0].split("\\|")) {
      if (!t.equals("*") && !t.isBlank()) {
        types.add(t);
      }
    }
    FaultRule rule = new FaultRule(types, null, FaultMode.TRANSIENT, When.BEFORE, 1.0, 0, null);
    for (int i = 1; i < tokens.length; i++) {
      int eq = tokens[i].indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "expected key=value, was '" + tokens[i] + "' in: " + line);
      }
      String key = tokens[i].substring(0, eq).toLowerCase(Locale.ROOT);
      String value = tokens[i].substring(eq + 1);
      rule =
          switch (key) {
            case "mode" ->
                rule.withMode(FaultMode.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_')));
            case "when" -> rule.withWhen(When.valueOf(value.toUpperCase(Locale.ROOT)));
            case "probability", "p" -> rule.withProbability(Double.parseDouble(value));
            case "count" -> rule.withCount(Integer.parseInt(value));
            case "item", "vm" -> rule.forItem(value);
            case "delay" -> rule.withDelay(Duration.parse(value));
            default ->
                throw new IllegalArgumentException("unknown fault key '" + key + "' in: " + line);
          };
    }
    return rule;
  }

  @Override
  public String toString() {
    return (activityTypes.isEmpty() ? "*" : String.join("|", activityTypes))
        + " mode="
        + mode
        + " when="
        + when
        + " probability="
        + probability
        + (count > 0 ? " count=" + count : "")
        + (item != null ? " item=" + item : "")
        + (delay != null ? " delay=" + delay : "");
  }
}
