package dev.reprotect.cli.model;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of reprotections, newest first. */
@Serdeable
public record VmPage(@Nullable List<VmStatus> items, int page, int size, int total) {}
