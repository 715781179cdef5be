package dev.reprotect.api.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An RFC 9457 problem as the contract shapes it. {@code rule} and {@code fix} only for rule
 * problems.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProblemBody(
    String type,
    String title,
    int status,
    @Nullable String detail,
    @Nullable String rule,
    @Nullable String fix,
    @Nullable List<ProblemViolation> violations) {}
