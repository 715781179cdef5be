package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of recovery plans' reprotections. */
@Serdeable
public record PlanPage(@Nullable List<PlanStatus> items, int page, int size, int total) {}
