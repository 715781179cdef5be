package dev.reprotect.visibility;

import io.temporal.workflow.Workflow;
import java.util.Map;

/**
 * Who asked for what, kept in the workflow so that its history shows it: the starter in the start
 * event's memo ({@value #STARTED_BY}, set by the client: no command of its own), the one who
 * cancelled in the cancel request's reason ({@code "cancelled by <who>"}), the one who paused or
 * resumed in the signal's payload. Who: the JWT's subject, or {@code api-token} for the static
 * token.
 */
public final class Requester {

  /** The memo key of whoever started the workflow. */
  public static final String STARTED_BY = "startedBy";

  private static final String CANCELLED_BY = "cancelled by ";

  private Requester() {}

  /** The start's memo naming {@code who} (empty when unknown). */
  public static Map<String, Object> memo(String who) {
    return who == null || who.isBlank() ? Map.of() : Map.of(STARTED_BY, who);
  }

  /** The cancel request's reason naming {@code who}. */
  public static String cancelReason(String who) {
    return CANCELLED_BY + who;
  }

  /**
   * Who a cancel reason names; null for a cancel that named nobody (e.g. a plan cancelling its
   * machines).
   */
  public static String cancelledBy(String reason) {
    return reason != null && reason.startsWith(CANCELLED_BY)
        ? reason.substring(CANCELLED_BY.length())
        : null;
  }

  /** In workflow code: who started this run, from its memo; null when the start named nobody. */
  public static String startedBy() {
    return Workflow.getMemo(STARTED_BY, String.class, String.class);
  }
}
