package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A broken rule ({@code rule, message, fix, replicatedItem}) or a bad input field ({@code field,
 * message}).
 */
@Serdeable
public record Violation(
    @Nullable String rule,
    @Nullable String field,
    @Nullable String message,
    @Nullable String fix,
    @Nullable String replicatedItem) {}
