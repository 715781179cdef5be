package dev.reprotect.capacity;

import java.util.List;

/**
 * What a master target's ledger asks the truth about: the site's disks on it, and whether the runs
 * behind its reservations and waiting requests still run.
 */
public record ReconcileSlotsRequest(String masterTarget, List<SlotRequest> requests) {}
