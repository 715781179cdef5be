package dev.reprotect.api.problem;

/**
 * Stable problem type URIs for problems that name no rule (rule problems use {@code
 * Rule.typeUri()}).
 */
public final class ProblemTypes {

  public static final String BASE = "https://reprotect.dev/problems/";
  public static final String BAD_REQUEST = BASE + "bad-request";
  public static final String UNAUTHORIZED = BASE + "unauthorized";
  public static final String FORBIDDEN = BASE + "forbidden";
  public static final String NOT_FOUND = BASE + "not-found";
  public static final String ALREADY_RUNNING = BASE + "already-running";
  public static final String NOT_RUNNING = BASE + "not-running";
  public static final String WORKFLOW_FAILED = BASE + "workflow-failed";
  public static final String TEMPORAL_UNAVAILABLE = BASE + "temporal-unavailable";
  public static final String INTERNAL = BASE + "internal-error";

  private ProblemTypes() {}

  /** The type for a framework error of this status. */
  public static String forStatus(int status) {
    return switch (status) {
      case 400 -> BAD_REQUEST;
      case 401 -> UNAUTHORIZED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 503 -> TEMPORAL_UNAVAILABLE;
      default -> status >= 500 ? INTERNAL : BASE + "http-" + status;
    };
  }
}
