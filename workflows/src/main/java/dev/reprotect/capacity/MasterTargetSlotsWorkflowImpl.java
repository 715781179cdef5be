package dev.reprotect.capacity;

import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.visibility.WorkflowMetrics;
import io.temporal.failure.TemporalException;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The ledger of one master target's disk slots. Slots in use are, for every replicated item, the
 * larger of what it reserved and what the site shows attached for it, plus what others hold (key
 * ""). Requests wait in FIFO order; the head is granted when its disks fit and fewer than {@code
 * maxConcurrent} reservations are in flight; a request that cannot fit even with no reservation
 * in flight is denied at once. Signal handlers only queue; the loop applies them in order, so the
 * queue can be drained before continuing as new.
 */
public class MasterTargetSlotsWorkflowImpl implements MasterTargetSlotsWorkflow {

  /**
   * Continue as new past this many events: each request costs a signal, a grant an external
   * signal (three events) and a workflow task, so this is some 300 reprotections per run, well
   * under the server's 50k-event limit and cheap to replay.
   */
  static final int HISTORY_LENGTH_LIMIT = 2_000;

  private static final Logger log = Workflow.getLogger(MasterTargetSlotsWorkflowImpl.class);

  private final int historyLengthLimit;
  private final Queue<Object> inbox = new ArrayDeque<>();

  private String masterTarget;
  private int capacity;
  private int maxConcurrent;
  private final Map<String, Integer> reserved = new TreeMap<>();
  private final Map<String, Integer> attachedOnSite = new TreeMap<>();
  private final LinkedHashMap<String, SlotRequest> waiting = new LinkedHashMap<>();

  public MasterTargetSlotsWorkflowImpl() {
    this(HISTORY_LENGTH_LIMIT);
  }

  /** For tests: continue as new after fewer events. */
  public MasterTargetSlotsWorkflowImpl(int historyLengthLimit) {
    this.historyLengthLimit = historyLengthLimit;
  }

  @Override
  public void run(SlotsLedger ledger) {
    load(ledger);
    WorkflowMetrics.masterTargetSlots(masterTarget, used(), capacity);
    while (true) {
      Workflow.await(() -> !inbox.isEmpty() || historyTooLong());
      if (inbox.isEmpty()) {
        // Nothing pending in this workflow task: the ledger carries everything over.
        Workflow.continueAsNew(ledger());
        return;
      }
      while (!inbox.isEmpty()) {
        Object next = inbox.poll();
        if (next instanceof SlotRequest request) {
          apply(request);
        } else if (next instanceof SlotRelease release) {
          apply(release);
        }
      }
      grantWhatFits();
      WorkflowMetrics.masterTargetSlots(masterTarget, used(), capacity);
    }
  }

  @Override
  public void request(SlotRequest request) {
    inbox.add(request);
  }

  @Override
  public void release(SlotRelease release) {
    inbox.add(release);
  }

  @Override
  public SlotsView slots() {
    return new SlotsView(masterTarget, capacity, used(), new TreeMap<>(reserved), new TreeMap<>(attachedOnSite),
        new ArrayList<>(waiting.values()));
  }

  // ---- The ledger. ----

  private void load(SlotsLedger ledger) {
    masterTarget = ledger.masterTarget();
    capacity = ledger.capacity() > 0 ? ledger.capacity() : SlotsLedger.MASTER_TARGET_DISK_LIMIT;
    maxConcurrent = Math.max(0, ledger.maxConcurrent());
    if (ledger.reserved() != null) {
      reserved.putAll(ledger.reserved());
    }
    if (ledger.attachedOnSite() != null) {
      attachedOnSite.putAll(ledger.attachedOnSite());
    }
    if (ledger.waiting() != null) {
      ledger.waiting().forEach(r -> waiting.put(r.replicatedItem(), r));
    }
  }

  private SlotsLedger ledger() {
    return new SlotsLedger(masterTarget, capacity, maxConcurrent, new TreeMap<>(reserved),
        new TreeMap<>(attachedOnSite), new ArrayList<>(waiting.values()));
  }

  private void apply(SlotRequest request) {
    if (request.attachedOnSite() != null) {
      // The site's view when the request was made: the latest one wins.
      attachedOnSite.clear();
      request.attachedOnSite().forEach((item, disks) -> {
        if (disks != null && disks > 0) {
          attachedOnSite.put(item, disks);
        }
      });
    }
    String item = request.replicatedItem();
    if (reserved.containsKey(item)) {
      // A repeat from an item that already holds its slots: answer again, reserve nothing more.
      signal(request, new SlotGrant(masterTarget, true, reserved.get(item), used(), capacity,
          "already holds " + reserved.get(item) + " disk slots on " + masterTarget));
      return;
    }
    if (waiting.containsKey(item)) {
      return;
    }
    waiting.put(item, request);
  }

  private void apply(SlotRelease release) {
    String item = release.replicatedItem();
    waiting.remove(item);
    Integer held = reserved.remove(item);
    if (release.released()) {
      attachedOnSite.remove(item);
    } else {
      int disks = Math.max(held == null ? 0 : held, attachedOnSite.getOrDefault(item, 0));
      if (disks > 0) {
        attachedOnSite.put(item, disks);
      }
    }
  }

  /** Deny what can never fit, then grant from the head of the queue while it fits. */
  private void grantWhatFits() {
    boolean changed = true;
    while (changed) {
      changed = false;
      for (SlotRequest request : new ArrayList<>(waiting.values())) {
        int floor = floorFor(request.replicatedItem());
        int needs = needs(request);
        if (floor + needs > capacity) {
          waiting.remove(request.replicatedItem());
          signal(request, new SlotGrant(masterTarget, false, request.disks(), used(), capacity,
              "master target " + masterTarget + " cannot take " + request.disks() + " disks of "
                  + request.replicatedItem() + ": " + floor + " of its " + capacity
                  + " disk slots are held by disks that stay attached"));
        }
      }
      List<SlotRequest> granted = new ArrayList<>();
      while (!waiting.isEmpty()) {
        SlotRequest head = waiting.values().iterator().next();
        String item = head.replicatedItem();
        int usedIfGranted = used() - usage(item) + needs(head);
        boolean slotsFit = usedIfGranted <= capacity;
        boolean underLimit = maxConcurrent == 0 || reserved.size() < maxConcurrent;
        if (!slotsFit || !underLimit) {
          break;
        }
        waiting.remove(item);
        reserved.put(item, head.disks());
        granted.add(head);
      }
      // Signal the grants together; a requester that is gone gives its slots back.
      List<Promise<Void>> sent = new ArrayList<>();
      for (SlotRequest request : granted) {
        sent.add(signalAsync(request, new SlotGrant(masterTarget, true, request.disks(), used(), capacity,
            "granted " + request.disks() + " disk slots on " + masterTarget + " (" + used() + " of " + capacity
                + " in use)")));
      }
      for (int i = 0; i < granted.size(); i++) {
        if (!delivered(sent.get(i), granted.get(i))) {
          reserved.remove(granted.get(i).replicatedItem());
          changed = true;
        }
      }
    }
  }

  /** Slots an item takes once granted: its request, or more if the site already shows more. */
  private int needs(SlotRequest request) {
    return Math.max(request.disks(), attachedOnSite.getOrDefault(request.replicatedItem(), 0));
  }

  /** Slots an item holds now. */
  private int usage(String item) {
    return Math.max(reserved.getOrDefault(item, 0), attachedOnSite.getOrDefault(item, 0));
  }

  private int used() {
    int used = 0;
    for (String item : items()) {
      used += usage(item);
    }
    return used;
  }

  /**
   * Slots held whatever happens next: disks attached for items other than this one that hold no
   * reservation (a reservation may still be released).
   */
  private int floorFor(String item) {
    int floor = 0;
    for (Map.Entry<String, Integer> held : attachedOnSite.entrySet()) {
      if (!held.getKey().equals(item) && !reserved.containsKey(held.getKey())) {
        floor += held.getValue();
      }
    }
    return floor;
  }

  private List<String> items() {
    TreeMap<String, Boolean> items = new TreeMap<>();
    reserved.keySet().forEach(i -> items.put(i, true));
    attachedOnSite.keySet().forEach(i -> items.put(i, true));
    return new ArrayList<>(items.keySet());
  }

  // ---- Answers. ----

  private void signal(SlotRequest request, SlotGrant grant) {
    delivered(signalAsync(request, grant), request);
  }

  private Promise<Void> signalAsync(SlotRequest request, SlotGrant grant) {
    ReprotectWorkflow requester =
        Workflow.newExternalWorkflowStub(ReprotectWorkflow.class, request.requesterWorkflowId());
    return Async.procedure(requester::slotsGranted, grant);
  }

  private boolean delivered(Promise<Void> signal, SlotRequest request) {
    try {
      signal.get();
      return true;
    } catch (TemporalException gone) {
      log.info("{}: requester {} of {} is gone ({}); its request is dropped", masterTarget,
          request.requesterWorkflowId(), request.replicatedItem(), gone.getMessage());
      return false;
    }
  }

  private boolean historyTooLong() {
    return Workflow.getInfo().getHistoryLength() > historyLengthLimit
        || Workflow.getInfo().isContinueAsNewSuggested();
  }
}
