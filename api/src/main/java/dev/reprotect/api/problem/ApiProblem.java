package dev.reprotect.api.problem;

import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import java.util.Comparator;
import java.util.List;

/**
 * A problem raised by the API's own code; {@link ApiProblemHandler} writes it as
 * application/problem+json. Carries no stack trace: it is an answer, not a fault.
 */
public final class ApiProblem extends RuntimeException {

  private final ProblemBody body;
  private final String location;

  private ApiProblem(ProblemBody body, String location) {
    super(body.detail(), null, false, false);
    this.body = body;
    this.location = location;
  }

  public ProblemBody body() {
    return body;
  }

  /** The Location header to send (the running reprotection of a 409), or null. */
  public String location() {
    return location;
  }

  public static ApiProblem of(int status, String type, String title, String detail) {
    return new ApiProblem(new ProblemBody(type, title, status, detail, null, null, null), null);
  }

  public static ApiProblem notFound(String detail) {
    return of(404, ProblemTypes.NOT_FOUND, "Not found", detail);
  }

  public static ApiProblem alreadyRunning(String id, String location) {
    return new ApiProblem(
        new ProblemBody(
            ProblemTypes.ALREADY_RUNNING,
            "Reprotection already running",
            409,
            id + " is running; one reprotection per VM at a time",
            null,
            null,
            null),
        location);
  }

  /** A 409 for something other than one VM's reprotection (a recovery plan), with its Location. */
  public static ApiProblem alreadyRunning(String id, String location, String title, String detail) {
    return new ApiProblem(
        new ProblemBody(ProblemTypes.ALREADY_RUNNING, title, 409, detail, null, null, null),
        location);
  }

  public static ApiProblem notRunning(String id, String state) {
    return of(
        409,
        ProblemTypes.NOT_RUNNING,
        "Reprotection not running",
        id + " is not running (" + state + ")");
  }

  public static ApiProblem badRequest(List<ProblemViolation> violations) {
    String detail =
        violations.stream()
            .map(v -> v.field() + ": " + v.message())
            .reduce((a, b) -> a + "; " + b)
            .orElse("bad request");
    return new ApiProblem(
        new ProblemBody(
            ProblemTypes.BAD_REQUEST, "Bad request", 400, detail, null, null, violations),
        null);
  }

  /**
   * Refuses a start whose preflight found rule violations (422, nothing started), rules before
   * transient faults; transient faults alone do not block (the workflow's VALIDATE retries them).
   */
  public static void refuseRuleViolations(PreflightReport report) {
    if (report.hasRuleViolations()) {
      throw rules(
          422,
          report.violations().stream()
              .sorted(Comparator.comparing((Violation v) -> v.rule().retryable()))
              .toList());
    }
  }

  /**
   * Rule violations (422 unless the status says otherwise): rule, title, fix and type from the
   * first.
   */
  public static ApiProblem rules(int status, List<Violation> violations) {
    Violation first = violations.get(0);
    Rule rule = first.rule();
    String detail =
        violations.size() == 1
            ? first.message()
            : violations.size()
                + " rule violations: "
                + String.join(", ", violations.stream().map(v -> v.rule().name()).toList());
    return new ApiProblem(
        new ProblemBody(
            rule.typeUri(),
            rule.title(),
            status,
            detail,
            rule.name(),
            first.fix(),
            violations.stream().map(ProblemViolation::of).toList()),
        null);
  }
}
