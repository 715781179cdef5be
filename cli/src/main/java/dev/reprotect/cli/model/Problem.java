package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * An API error (RFC 9457 problem+json as the contract shapes it): {@code rule} and {@code fix} for
 * rule problems, {@code violations} naming every broken rule (422) or bad field (400).
 */
@Serdeable
public record Problem(
    @Nullable String type,
    @Nullable String title,
    @Nullable Integer status,
    @Nullable String detail,
    @Nullable String rule,
    @Nullable String fix,
    @Nullable List<Violation> violations) {}
