package dev.reprotect.api.reprotect;

/** The shapes of names and ids the API accepts: no path separators, no control characters. */
public final class Ids {

  /**
   * A replicated item: a letter or digit, then letters, digits, dot, underscore, dash; 128 at most.
   */
  public static final String ITEM = "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$";

  public static final String ITEM_MESSAGE =
      "must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit";

  /** A reprotection id: {@code reprotect-{item}}, or any workflow id of the same alphabet. */
  public static final String WORKFLOW = "^[A-Za-z0-9][A-Za-z0-9._-]{0,137}$";

  public static final String WORKFLOW_MESSAGE =
      "must be 1-138 letters, digits, '.', '_' or '-', starting with a letter or digit";

  public static final int MAX_NAME = 256;
  public static final String NO_CONTROL = "^[^\\p{Cntrl}]*$";
  public static final String NO_CONTROL_MESSAGE = "must not contain control characters";

  public static final String STATES =
      "VALIDATING|WAITING_FOR_AGENT|MERGING_SNAPSHOTS|POWERING_OFF|ATTACHING_DISKS|STARTING_REPLICATION"
          + "|SYNCHRONIZING|PROTECTED|FAILED|CANCELLED";

  private Ids() {}
}
