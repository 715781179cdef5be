package dev.reprotect.placement;

import dev.reprotect.inventory.OsType;
import java.util.List;

/** Machines that must share a master target: a replication group's plan members, or one machine. */
record Unit(String group, List<Machine> members, int disks, OsType os) {

  List<String> items() {
    return members.stream().map(Machine::item).toList();
  }
}
