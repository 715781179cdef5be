package dev.reprotect.watch;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import java.util.List;

/** The protection watch's one read of the Azure side. */
@ActivityInterface
public interface ProtectionActivities {

  /**
   * Every item that is protected back on-premises (reprotected, replicating), with its health, RPO
   * and last recovery point; an item failed back, unprotected or being reprotected again is not
   * among them. One read for all items. Read-only, so idempotent.
   */
  @ActivityMethod(name = "CheckProtection")
  List<ProtectionReading> checkProtection();
}
