package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A dry run's answer: {@code ok} when nothing blocks; every violation and warning at once. */
@Serdeable
public record Preflight(
    boolean ok, @Nullable List<Violation> violations, @Nullable List<Violation> warnings) {}
