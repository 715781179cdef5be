package dev.reprotect.capacity;

import dev.reprotect.reprotect.ReprotectRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns what an activity read (the site's disks, which runs still run, how each item's latest
 * reprotection ended) into the {@link SiteSlots} a ledger reconciles against. Pure: the reads are
 * the caller's, so every implementation of the capacity activities decides alike.
 */
public final class SiteSlotsReading {

  /** How a reprotection's latest run stands, as far as slots are concerned. */
  public enum LatestRun {
    RUNNING,
    /** Ended protected: its disks stay attached and hold their slots. */
    PROTECTED,
    /**
     * Terminated, timed out, failed or cancelled (or none known): attached disks are left behind.
     */
    ENDED
  }

  private SiteSlotsReading() {}

  /**
   * @param attached the master target's attached disks by item ("" for none)
   * @param running whether the requester behind a request still runs (its workflow id has a running
   *     execution: one reprotection per VM at a time, and a new run of it asks again anyway)
   * @param latestRun how the latest reprotection of an item stands
   */
  public static SiteSlots of(
      String masterTarget,
      Map<String, Integer> attached,
      List<SlotRequest> requests,
      Predicate<SlotRequest> running,
      Function<String, LatestRun> latestRun) {
    List<SlotRequest> gone = new ArrayList<>();
    for (SlotRequest request : requests) {
      if (!running.test(request)) {
        gone.add(request);
      }
    }
    Map<String, String> leftBehind = new TreeMap<>();
    attached.forEach(
        (item, disks) -> {
          if (!item.isEmpty() && disks > 0 && latestRun.apply(item) == LatestRun.ENDED) {
            leftBehind.put(
                item,
                disks
                    + " disk"
                    + (disks == 1 ? "" : "s")
                    + " of "
                    + item
                    + " left attached to "
                    + masterTarget
                    + " by "
                    + ReprotectRequest.workflowIdFor(item)
                    + ", which no longer runs: start "
                    + item
                    + " again to resume, or cancel that run to detach");
          }
        });
    return new SiteSlots(new TreeMap<>(attached), gone, leftBehind);
  }
}
