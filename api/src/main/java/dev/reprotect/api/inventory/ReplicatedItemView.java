package dev.reprotect.api.inventory;

import io.micronaut.core.annotation.Nullable;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.inventory.OsType;
import dev.reprotect.inventory.ReplicatedItem;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A replicated item as the Reprotect dialog lists it, with the id of its reprotection
 * ({@code reprotect-{name}}) when one exists, else null.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ReplicatedItemView(
    String name,
    OsType osType,
    String protectionState,
    @Nullable String replicationGroup,
    @Nullable String recoveryPlan,
    @Nullable String reprotection) {

  static ReplicatedItemView of(ReplicatedItem item, String reprotection) {
    return new ReplicatedItemView(item.name(), item.osType(), item.protectionState(), item.replicationGroup(),
        item.recoveryPlan(), reprotection);
  }
}
