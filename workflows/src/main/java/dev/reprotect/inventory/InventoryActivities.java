package dev.reprotect.inventory;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** Read-only views of the site for the Reprotect dialog. */
@ActivityInterface
public interface InventoryActivities {

  @ActivityMethod(name = "ListReplicatedItems")
  ReplicatedItems listReplicatedItems(ListReplicatedItemsRequest request);

  /** Fails with REPLICA_NOT_FOUND (non-retryable) for an unknown item. */
  @ActivityMethod(name = "ReprotectOptions")
  ReprotectOptions reprotectOptions(ReprotectOptionsRequest request);

  /** Every master target with the disks attached to it now (for the dashboard's slot view). */
  @ActivityMethod(name = "ListMasterTargets")
  MasterTargets listMasterTargets();
}
