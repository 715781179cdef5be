package dev.reprotect.api.capacity;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** Every master target of the on-premises site with its disk slots. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MasterTargetList(List<MasterTargetView> items) {}
