package dev.reprotect.placement;

import static dev.reprotect.capacity.SlotsLedger.MASTER_TARGET_DISK_LIMIT;

import dev.reprotect.site.OnPremSite.Host;
import dev.reprotect.site.OnPremSite.MasterTarget;
import java.util.List;

/** A master target with what it can offer. */
final class Target {
  final int index;
  final MasterTarget mt;
  final Host host;
  final int held;
  final List<String> datastores;
  final List<String> retention;
  int assigned;

  Target(
      int index,
      MasterTarget mt,
      Host host,
      int held,
      List<String> datastores,
      List<String> retention) {
    this.index = index;
    this.mt = mt;
    this.host = host;
    this.held = held;
    this.datastores = datastores;
    this.retention = retention;
  }

  int free() {
    return MASTER_TARGET_DISK_LIMIT - held - assigned;
  }

  String name() {
    return mt.name();
  }
}
