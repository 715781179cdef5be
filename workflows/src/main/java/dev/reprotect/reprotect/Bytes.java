package dev.reprotect.reprotect;

import java.util.Locale;

/** Byte counts as people read them, in binary units: "106 MiB", "60 GiB", "1.5 TiB", "512 B". */
public final class Bytes {

  private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};

  private Bytes() {}

  /**
   * The largest unit that keeps the number at 1 or more; one decimal below 10 (where it tells
   * something, "1.5 GiB"), whole numbers from 10 up ("106 MiB"); ".0" is dropped.
   */
  public static String readable(long bytes) {
    if (bytes < 0) {
      return "-" + readable(bytes == Long.MIN_VALUE ? Long.MAX_VALUE : -bytes);
    }
    int unit = 0;
    double value = bytes;
    while (unit < UNITS.length - 1 && Math.round(value) >= 1024) {
      value /= 1024;
      unit++;
    }
    String number =
        value < 10 && unit > 0
            ? String.format(Locale.ROOT, "%.1f", value).replaceAll("\\.0$", "")
            : String.valueOf(Math.round(value));
    return number + " " + UNITS[unit];
  }

  /** "106 MiB of 60 GiB". */
  public static String ofTotal(long done, long total) {
    return readable(done) + " of " + readable(total);
  }
}
