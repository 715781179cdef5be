package dev.reprotect.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The slot figures the API shows, computed once from the ledger's view. */
class SlotsViewTest {

  @Test
  void givenReservationsAndDisksOnTheSite_whenCounted_itShouldSplitHeldReservedAndFree() {
    // vm-a reserved 3 and the site already shows 4 of its disks; vm-b reserved 2, none attached
    // yet; 10 disks of others and 5 of the protected vm-c hold their slots.
    SlotsView view =
        new SlotsView(
            "mt-01",
            60,
            21,
            Map.of("vm-a", 3, "vm-b", 2),
            Map.of("vm-a", 4, "", 10, "vm-c", 5),
            List.of());

    assertEquals(6, view.reservedSlots());
    assertEquals(21, view.usedSlots());
    assertEquals(15, view.heldSlots());
    assertEquals(39, view.freeSlots());
  }

  @Test
  void givenAMasterTargetWithoutLedger_whenCounted_itShouldHoldWhatTheSiteShowsUpToTheLimit() {
    SlotsView some = SlotsView.ofSiteOnly("mt-01", 12);
    assertEquals(12, some.heldSlots());
    assertEquals(0, some.reservedSlots());
    assertEquals(48, some.freeSlots());

    SlotsView over = SlotsView.ofSiteOnly("mt-02", 64);
    assertEquals(SlotsLedger.MASTER_TARGET_DISK_LIMIT, over.heldSlots());
    assertEquals(0, over.freeSlots());
  }
}
