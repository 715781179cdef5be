package dev.reprotect.cli;

/**
 * The exit codes a script can rely on (also listed by {@code reprotect --help} and the README).
 * Each API answer maps to exactly one.
 */
public final class ExitCodes {

  /** Done; for watch (and start --watch): the reprotection or plan ended PROTECTED. */
  public static final int OK = 0;

  /** The reprotection or plan ended FAILED or CANCELLED. */
  public static final int ENDED_UNPROTECTED = 1;

  /** Bad command line, unreadable file, or input the API rejected as malformed (400). */
  public static final int USAGE = 2;

  /** Refused by rules (422, or a preflight that found violations): nothing was started. */
  public static final int REFUSED_BY_RULES = 3;

  /** Not found (404). */
  public static final int NOT_FOUND = 4;

  /** Conflict (409): already running, or not running for cancel. */
  public static final int CONFLICT = 5;

  /** Authentication failed (401): no token or a wrong one. */
  public static final int UNAUTHENTICATED = 6;

  /** The API cannot be reached, or answered with a server error. */
  public static final int UNAVAILABLE = 7;

  /** Not allowed (403): the token's role (VIEWER) may read, not start, cancel, pause or resume. */
  public static final int FORBIDDEN = 8;

  private ExitCodes() {}

  /** The exit code for an API answer that is not a success. */
  public static int forHttpStatus(int status) {
    return switch (status) {
      case 400 -> USAGE;
      case 401 -> UNAUTHENTICATED;
      case 403 -> FORBIDDEN;
      case 404 -> NOT_FOUND;
      case 409 -> CONFLICT;
      case 422 -> REFUSED_BY_RULES;
      default -> UNAVAILABLE;
    };
  }
}
