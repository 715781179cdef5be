package dev.reprotect.watch;

/**
 * A protected item's replication health, as Site Recovery reports it (Normal, Warning, Critical).
 */
public enum ReplicationHealth {
  NORMAL,
  WARNING,
  CRITICAL;

  /** Site Recovery's spelling ("Normal", "warning", ...); anything else or nothing is null. */
  public static ReplicationHealth parse(String text) {
    if (text == null) {
      return null;
    }
    for (ReplicationHealth h : values()) {
      if (h.name().equalsIgnoreCase(text.trim())) {
        return h;
      }
    }
    return null;
  }
}
