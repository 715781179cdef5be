package dev.reprotect.api.security;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * Who the API takes the caller for: the name its actions are recorded by, its roles, and whether it
 * may start, cancel, pause and resume (the dashboard shows those actions only then).
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record Caller(String name, List<String> roles, boolean operator) {}
