package dev.reprotect.placement;

import static dev.reprotect.capacity.SlotsLedger.MASTER_TARGET_DISK_LIMIT;

import dev.reprotect.inventory.OsType;
import dev.reprotect.reprotect.ReprotectRequest;
import java.util.ArrayList;
import java.util.List;

/** The words of a placement: which values a request gave, and the fixes a refusal proposes. */
final class PlacementMessages {

  /** How many machines a message lists before it says "and N more". */
  static final int NAMES_SHOWN = 10;

  private PlacementMessages() {}

  /** Which values the request gave. */
  static List<String> given(ReprotectRequest r) {
    List<String> given = new ArrayList<>();
    if (r.masterTarget() != null) given.add(MachinePlacement.MASTER_TARGET);
    if (r.processServer() != null) given.add(MachinePlacement.PROCESS_SERVER);
    if (r.datastore() != null) given.add(MachinePlacement.DATASTORE);
    if (r.retentionDrive() != null) given.add(MachinePlacement.RETENTION_DRIVE);
    return given;
  }

  /** "deploy one more LINUX master target with 14 free disk slots" (more when over 60). */
  static String deploy(OsType os, int slots, List<String> forMachines) {
    List<Integer> bins = new ArrayList<>();
    int left = slots;
    while (left > MASTER_TARGET_DISK_LIMIT) {
      bins.add(MASTER_TARGET_DISK_LIMIT);
      left -= MASTER_TARGET_DISK_LIMIT;
    }
    bins.add(Math.max(left, 1));
    String fix = addTargets(os, bins).replaceFirst("^add", "deploy");
    return forMachines.size() > 1 ? fix + " for " + names(forMachines) : fix;
  }

  /**
   * "add one more WINDOWS master target with 4 free disk slots", or "add 2 more ... with 60 and 4
   * ...".
   */
  static String addTargets(OsType os, List<Integer> slots) {
    String kind = (os == null ? "" : os + " ") + "master target";
    if (slots.size() == 1) {
      int n = slots.get(0);
      return "add one more "
          + kind
          + " with "
          + n
          + " free disk slot"
          + (n == 1 ? "" : "s")
          + " (on a host that mounts the machines' datastores)";
    }
    List<String> each = slots.stream().map(String::valueOf).toList();
    return "add "
        + slots.size()
        + " more "
        + kind
        + "s with "
        + String.join(", ", each.subList(0, each.size() - 1))
        + " and "
        + each.get(each.size() - 1)
        + " free disk slots (on hosts that mount the machines' datastores)";
  }

  static String names(List<String> names) {
    return names.size() <= NAMES_SHOWN
        ? String.join(", ", names)
        : String.join(", ", names.subList(0, NAMES_SHOWN))
            + " and "
            + (names.size() - NAMES_SHOWN)
            + " more";
  }
}
