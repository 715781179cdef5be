package dev.reprotect.api.inventory;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** The replicated items the Azure side knows. */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReplicatedItemList(List<ReplicatedItemView> items) {}
