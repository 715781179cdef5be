package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** A replication group of a plan: PROTECTED only when every member is. */
@Serdeable
public record GroupStatus(
    String name,
    @Nullable String masterTarget,
    @Nullable List<String> members,
    @Nullable String state) {}
