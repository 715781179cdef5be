package dev.reprotect.asr;

import java.util.Locale;

/**
 * The state of a Site Recovery job ({@code JobProperties.state}) or of one of its tasks ({@code
 * ASRTask.state}): the specification's seven values (NotStarted, InProgress, Succeeded, Failed,
 * Cancelled, Suspended, Other). A value it does not list reads as {@link #OTHER}.
 */
enum AsrJobState {
  NOT_STARTED,
  IN_PROGRESS,
  SUCCEEDED,
  FAILED,
  CANCELLED,
  SUSPENDED,
  OTHER;

  static AsrJobState of(String state) {
    if (state == null) {
      return OTHER;
    }
    return switch (state.toLowerCase(Locale.ROOT)) {
      case "notstarted" -> NOT_STARTED;
      case "inprogress" -> IN_PROGRESS;
      case "succeeded" -> SUCCEEDED;
      case "failed" -> FAILED;
      // Operation statuses (replicationOperationStatus) spell it "Canceled".
      case "cancelled", "canceled" -> CANCELLED;
      case "suspended" -> SUSPENDED;
      default -> OTHER;
    };
  }

  /**
   * Whether the job is over and will not go on by itself: succeeded, failed or cancelled. A
   * suspended job waits for someone to resume it; NotStarted, InProgress and Other may still go on.
   */
  boolean ended() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
