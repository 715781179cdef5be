package dev.reprotect.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.rules.Violation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * One entry of a problem's {@code violations}: a broken rule ({@code rule, message, fix,
 * replicatedItem}) for 422, or a bad input field ({@code field, message}) for 400.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemViolation(
    @Nullable String rule,
    @Nullable String field,
    String message,
    @Nullable String fix,
    @Nullable String replicatedItem) {

  public static ProblemViolation of(Violation violation) {
    return new ProblemViolation(
        violation.rule().name(),
        null,
        violation.message(),
        violation.fix(),
        violation.replicatedItem());
  }

  public static ProblemViolation field(String field, String message) {
    return new ProblemViolation(null, field, message, null, null);
  }
}
