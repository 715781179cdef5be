package dev.reprotect.cli.text;

import dev.reprotect.cli.model.Failure;
import dev.reprotect.cli.model.Problem;
import dev.reprotect.cli.model.Violation;
import java.io.PrintWriter;
import java.util.List;

/** Rule violations and problems for people: {@code RULE_ID: message} then {@code fix: ...}. */
public final class ProblemText {

  private ProblemText() {}

  /** Every violation; a rule problem without a list prints its own rule, detail and fix. */
  public static void print(PrintWriter out, Problem problem) {
    List<Violation> violations = problem.violations() == null ? List.of() : problem.violations();
    if (violations.isEmpty()) {
      if (problem.rule() != null) {
        printRule(out, problem.rule(), null, problem.detail(), problem.fix());
      } else {
        out.println("error: " + join(problem.title(), problem.detail()));
      }
      return;
    }
    // The detail repeats the violations listed below it: the title is enough above them.
    out.println("error: " + join(problem.title(), null));
    violations(out, violations);
  }

  /**
   * Violations as preflight and problems list them: rules with their fix, bad fields with what is
   * wrong.
   */
  public static void violations(PrintWriter out, List<Violation> violations) {
    for (Violation violation : violations) {
      if (violation.rule() != null) {
        printRule(
            out,
            violation.rule(),
            violation.replicatedItem(),
            violation.message(),
            violation.fix());
      } else {
        out.println(
            (violation.field() == null ? "input" : violation.field()) + ": " + violation.message());
      }
    }
  }

  /** Why a reprotection or plan failed: its rule, message and fix (each violation when several). */
  public static void failure(PrintWriter out, String where, Failure failure) {
    if (failure.failureType() != null) {
      // Left half done (COMPENSATION_INCOMPLETE): the product's type first, its message names the
      // cause.
      String at = failure.step() == null ? where : where + ", step " + failure.step();
      printRule(out, failure.failureType(), at, failure.message(), failure.fix());
      return;
    }
    if (failure.violations() != null && !failure.violations().isEmpty()) {
      for (Violation violation : failure.violations()) {
        printRule(out, violation.rule(), where, violation.message(), violation.fix());
      }
      return;
    }
    String at = failure.step() == null ? where : where + ", step " + failure.step();
    printRule(
        out,
        failure.rule() == null ? "FAILED" : failure.rule(),
        at,
        failure.message(),
        failure.fix());
  }

  /** {@code RULE_ID: message [where]}; where only when the message does not already say it. */
  private static void printRule(
      PrintWriter out, String rule, String where, String message, String fix) {
    String text = message == null ? "" : message;
    out.println(
        rule + ": " + text + (where == null || text.contains(where) ? "" : " [" + where + "]"));
    if (fix != null && !fix.isBlank()) {
      out.println("  fix: " + fix);
    }
  }

  private static String join(String title, String detail) {
    if (title == null) {
      return detail == null ? "the API refused the request" : detail;
    }
    return detail == null ? title : title + ": " + detail;
  }
}
