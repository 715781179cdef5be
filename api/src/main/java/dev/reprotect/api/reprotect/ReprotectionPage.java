package dev.reprotect.api.reprotect;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.reprotect.ReprotectStatus;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** One page of reprotections, newest first; {@code total} counts every match of the filter. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReprotectionPage(List<ReprotectStatus> items, int page, int size, int total) {}
