package dev.reprotect.api.reprotect;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.rules.Violation;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The dry run's answer: {@code ok} when nothing blocks; every violation and warning at once. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PreflightResponse(boolean ok, List<Violation> violations, List<Violation> warnings) {

  static PreflightResponse of(PreflightReport report) {
    return new PreflightResponse(
        report.ok(),
        report.violations() == null ? List.of() : report.violations(),
        report.warnings() == null ? List.of() : report.warnings());
  }
}
