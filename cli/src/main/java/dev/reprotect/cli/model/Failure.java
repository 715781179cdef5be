package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Why a reprotection or a plan failed: rule, message, fix, the step, every violation if several,
 * and the product's own failure type (COMPENSATION_INCOMPLETE) when something was left half done.
 */
@Serdeable
public record Failure(
    @Nullable String rule,
    @Nullable String message,
    @Nullable String fix,
    @Nullable String step,
    @Nullable List<Violation> violations,
    @Nullable String failureType) {}
