package dev.reprotect.placement;

import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.PreflightFacts;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectRequest;
import java.util.List;
import java.util.Set;

/** One plan machine as placement sees it. */
record Machine(
    int index,
    PreflightFacts facts,
    ReprotectRequest request,
    OsType os,
    RecoveryLocation location,
    int disks,
    String group,
    Set<String> baseline,
    List<String> ownDatastores) {

  String item() {
    return request.replicatedItem();
  }
}
