package dev.reprotect.preflight;

import java.time.Duration;

/** Durations as people write them: "4m12s", "20m", "1h30m", "30d". */
public final class Durations {

  private Durations() {}

  public static String format(Duration d) {
    long s = Math.max(0, d.toSeconds());
    if (s == 0) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long days = s / 86400;
    long hours = s % 86400 / 3600;
    long minutes = s % 3600 / 60;
    long seconds = s % 60;
    if (days > 0) b.append(days).append('d');
    if (hours > 0) b.append(hours).append('h');
    if (minutes > 0) b.append(minutes).append('m');
    if (seconds > 0) b.append(seconds).append('s');
    return b.toString();
  }

  /** Parses "4m12s", "1h30m", "30d", "500ms", or an ISO-8601 duration ("PT4M12S"). */
  public static Duration parse(String text) {
    String t = text.trim();
    if (t.startsWith("P") || t.startsWith("p")) {
      return Duration.parse(t);
    }
    Duration total = Duration.ZERO;
    int i = 0;
    if (t.isEmpty()) {
      throw new IllegalArgumentException("empty duration");
    }
    while (i < t.length()) {
      int start = i;
      while (i < t.length() && (Character.isDigit(t.charAt(i)) || t.charAt(i) == '.')) i++;
      if (start == i) {
        throw new IllegalArgumentException(
            "not a duration: '" + text + "' (write e.g. 4m12s, 20m, 30d)");
      }
      double n = Double.parseDouble(t.substring(start, i));
      int unitStart = i;
      while (i < t.length() && Character.isLetter(t.charAt(i))) i++;
      String unit = t.substring(unitStart, i);
      long millis =
          switch (unit) {
            case "ms" -> (long) n;
            case "s" -> (long) (n * 1000);
            case "m" -> (long) (n * 60_000);
            case "h" -> (long) (n * 3_600_000);
            case "d" -> (long) (n * 86_400_000);
            default ->
                throw new IllegalArgumentException(
                    "not a duration: '" + text + "' (unit '" + unit + "'; use ms, s, m, h or d)");
          };
      total = total.plusMillis(millis);
    }
    return total;
  }
}
