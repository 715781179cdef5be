package dev.reprotect.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of the table: what ours measured, what bare Temporal measured in the same run, their
 * ratio (ours ÷ bare, or as the row says), the target and whether it is met, and the figures
 * behind.
 */
record Row(
    String name,
    String measure,
    String ours,
    String bare,
    double ratio,
    String target,
    boolean met,
    Map<String, Object> figures) {

  static Row of(
      String name,
      String measure,
      String ours,
      String bare,
      double ratio,
      String target,
      boolean met) {
    return new Row(name, measure, ours, bare, ratio, target, met, new LinkedHashMap<>());
  }

  Row with(String key, Object value) {
    figures.put(key, value);
    return this;
  }
}
