package dev.reprotect.cli.text;

import dev.reprotect.cli.model.Preflight;
import dev.reprotect.cli.model.Violation;
import java.io.PrintWriter;
import java.util.List;

/** A dry run's answer for people: whether it may start, then every violation and warning. */
public final class PreflightText {

  private PreflightText() {}

  public static void print(PrintWriter out, String subject, Preflight preflight) {
    List<Violation> violations =
        preflight.violations() == null ? List.of() : preflight.violations();
    List<Violation> warnings = preflight.warnings() == null ? List.of() : preflight.warnings();
    if (preflight.ok()) {
      out.println(subject + ": preflight passed; nothing blocks a start");
    } else {
      out.println(
          subject
              + ": preflight found "
              + violations.size()
              + " rule violation"
              + (violations.size() == 1 ? "" : "s")
              + "; a start would be refused");
    }
    ProblemText.violations(out, violations);
    if (!warnings.isEmpty()) {
      out.println("warnings:");
      ProblemText.violations(out, warnings);
    }
  }
}
