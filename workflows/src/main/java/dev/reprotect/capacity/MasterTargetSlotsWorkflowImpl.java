package dev.reprotect.capacity;

import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.visibility.WorkflowMetrics;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.TemporalException;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.TreeMap;
import org.slf4j.Logger;

/**
 * The ledger of one master target's disk slots. Slots in use are, for every replicated item, the
 * larger of what it reserved and what the site shows attached for it, plus what others hold (key
 * ""). Requests wait in FIFO order; the head is granted when its disks fit and fewer than {@code
 * maxConcurrent} reservations are in flight; a request that cannot fit even with no reservation in
 * flight is denied at once. Signal handlers only queue; the loop applies them in order, so the
 * queue can be drained before continuing as new.
 *
 * <p>The ledger is a cache of the truth, never trusting a signal that may never come: on start (so
 * after its own termination too) and every {@link #RECONCILE_EVERY} it reads the site's attached
 * disks and whether the runs behind its reservations and waiting requests still run. A reservation
 * or a place in line of a run that no longer runs (terminated, reset) is void, and its attached
 * disks are counted from the site, once; the disks of a reprotection that no longer runs are named
 * as left behind with the fix. Every answer echoes its request's nonce (the run id).
 *
 * <p>A request asked by update ({@link #reserve}) is answered in the same round trip: its grant or
 * denial is the update's result instead of a signal, or, if it must wait, its place in line (the
 * grant then comes by signal, as for a request by signal).
 */
public class MasterTargetSlotsWorkflowImpl implements MasterTargetSlotsWorkflow {

  /**
   * Continue as new past this many events: each request costs a signal, a grant an external signal
   * (three events) and a workflow task, so this is some 300 reprotections per run, well under the
   * server's 50k-event limit and cheap to replay.
   */
  static final int HISTORY_LENGTH_LIMIT = 2_000;

  /**
   * How often an idle ledger checks the truth: a leaked reservation blocks the queue at most this
   * long. Each check costs a timer and a short activity (some 8 events), so an idle day is some
   * 2,300 events: about one continue-as-new a day.
   */
  static final Duration RECONCILE_EVERY = Duration.ofMinutes(5);

  /**
   * ReconcileSlots reads the site (one vCenter call) and describes a few workflows: quick. A fault
   * is retried for two minutes, then this check is skipped (the next one comes): the ledger never
   * blocks its queue on the truth being readable.
   */
  static final ActivityOptions RECONCILE =
      ActivityOptions.newBuilder()
          .setStartToCloseTimeout(Duration.ofSeconds(30))
          .setScheduleToCloseTimeout(Duration.ofMinutes(2))
          .setRetryOptions(
              RetryOptions.newBuilder()
                  .setInitialInterval(Duration.ofSeconds(1))
                  .setMaximumInterval(Duration.ofSeconds(30))
                  .build())
          .build();

  /** Runs recorded before reconciling (no marker) only apply signals; version 1 reconciles. */
  static final String RECONCILES = "reconciles-with-site";

  private static final Logger LOG = Workflow.getLogger(MasterTargetSlotsWorkflowImpl.class);

  private final CapacityActivities truth =
      Workflow.newActivityStub(CapacityActivities.class, RECONCILE);

  private final int historyLengthLimit;
  private final Duration reconcileEvery;
  private final Queue<Object> inbox = new ArrayDeque<>();

  /** Requests asked by update in this workflow task, answered once the ledger has decided. */
  private final List<Asked> asked = new ArrayList<>();

  private String masterTarget;
  private int capacity;
  private int maxConcurrent;
  private final Map<String, Integer> reserved = new TreeMap<>();
  private final Map<String, Integer> attachedOnSite = new TreeMap<>();
  private final LinkedHashMap<String, SlotRequest> waiting = new LinkedHashMap<>();
  private final Map<String, SlotRequest> holders = new TreeMap<>();
  private final Map<String, Long> waitingSince = new TreeMap<>();
  private final Map<String, String> leftBehind = new TreeMap<>();

  public MasterTargetSlotsWorkflowImpl() {
    this(HISTORY_LENGTH_LIMIT);
  }

  /** For tests: continue as new after fewer events. */
  public MasterTargetSlotsWorkflowImpl(int historyLengthLimit) {
    this(historyLengthLimit, RECONCILE_EVERY);
  }

  /** For tests: continue as new after fewer events, and check the truth more often. */
  public MasterTargetSlotsWorkflowImpl(int historyLengthLimit, Duration reconcileEvery) {
    this.historyLengthLimit = historyLengthLimit;
    this.reconcileEvery = reconcileEvery;
  }

  @Override
  public void run(SlotsLedger ledger) {
    load(ledger);
    boolean reconciles = Workflow.getVersion(RECONCILES, Workflow.DEFAULT_VERSION, 1) >= 1;
    if (reconciles) {
      reconcile();
      grantWhatFits();
    }
    report();
    while (true) {
      boolean woken;
      if (reconciles) {
        woken = Workflow.await(reconcileEvery, () -> !inbox.isEmpty() || historyTooLong());
      } else {
        Workflow.await(() -> !inbox.isEmpty() || historyTooLong());
        woken = true;
      }
      if (!woken) {
        reconcile();
      } else if (inbox.isEmpty()) {
        // Nothing pending in this workflow task: the ledger carries everything over, once every
        // update has returned its answer.
        Workflow.await(Workflow::isEveryHandlerFinished);
        Workflow.continueAsNew(ledger());
        return;
      }
      while (!inbox.isEmpty()) {
        Object next = inbox.poll();
        if (next instanceof Asked byUpdate) {
          asked.add(byUpdate);
          apply(byUpdate.request);
        } else if (next instanceof SlotRequest request) {
          apply(request);
        } else if (next instanceof SlotRelease release) {
          apply(release);
        }
      }
      grantWhatFits();
      answerInLine();
      report();
    }
  }

  @Override
  public void request(SlotRequest request) {
    inbox.add(request);
  }

  @Override
  public SlotAnswer reserve(SlotRequest request) {
    Asked mine = new Asked(request);
    inbox.add(mine);
    Workflow.await(() -> mine.answer != null);
    return mine.answer;
  }

  @Override
  public void release(SlotRelease release) {
    inbox.add(release);
  }

  @Override
  public SlotsView slots() {
    return new SlotsView(
        masterTarget,
        capacity,
        used(),
        new TreeMap<>(reserved),
        new TreeMap<>(attachedOnSite),
        new ArrayList<>(waiting.values()),
        new TreeMap<>(leftBehind));
  }

  // ---- The truth. ----

  /**
   * Reads the site and the requesters' runs and makes the ledger agree: the site's disks replace
   * what was known; a reservation or a waiting request of a run that no longer runs is void (its
   * disks, if attached, are counted from the site: never twice, never forgotten).
   */
  private void reconcile() {
    List<SlotRequest> asked = new ArrayList<>(holders.values());
    asked.addAll(waiting.values());
    SiteSlots site;
    try {
      site = truth.reconcileSlots(new ReconcileSlotsRequest(masterTarget, asked));
    } catch (TemporalFailure unreadable) {
      LOG.warn(
          "{}: could not read the truth ({}); the next check comes in {}",
          masterTarget,
          unreadable.getMessage(),
          reconcileEvery);
      return;
    }
    if (site == null) {
      return; // an implementation that cannot read it
    }
    attachedOnSite.clear();
    site.attachedOnSite()
        .forEach(
            (item, disks) -> {
              if (disks != null && disks > 0) {
                attachedOnSite.put(item, disks);
              }
            });
    for (SlotRequest gone : site.gone()) {
      String item = gone.replicatedItem();
      SlotRequest holder = holders.get(item);
      if (holder != null && sameRun(holder, gone)) {
        holders.remove(item);
        reserved.remove(item);
        LOG.info(
            "{}: {} no longer runs: its reservation is void ({} disks attached on the site)",
            masterTarget,
            gone.requesterWorkflowId(),
            attachedOnSite.getOrDefault(item, 0));
      }
      SlotRequest queued = waiting.get(item);
      if (queued != null && sameRun(queued, gone)) {
        waiting.remove(item);
        waitingSince.remove(item);
        LOG.info(
            "{}: {} no longer runs: it leaves the queue", masterTarget, gone.requesterWorkflowId());
      }
    }
    leftBehind.clear();
    leftBehind.putAll(site.leftBehind());
  }

  private static boolean sameRun(SlotRequest a, SlotRequest b) {
    return Objects.equals(a.nonce(), b.nonce())
        && Objects.equals(a.requesterWorkflowId(), b.requesterWorkflowId());
  }

  /** Slots, queue length and the oldest wait, as gauges. */
  private void report() {
    WorkflowMetrics.masterTargetSlots(masterTarget, used(), capacity);
    long now = Workflow.currentTimeMillis();
    long oldest = waitingSince.values().stream().mapToLong(Long::longValue).min().orElse(now);
    WorkflowMetrics.masterTargetQueue(
        masterTarget, waiting.size(), Math.max(0, now - oldest) / 1000.0);
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
    if (ledger.holders() != null) {
      holders.putAll(ledger.holders());
    }
    if (ledger.waitingSince() != null) {
      waitingSince.putAll(ledger.waitingSince());
    }
    for (String item : waiting.keySet()) {
      waitingSince.putIfAbsent(
          item, Workflow.currentTimeMillis()); // a ledger from before the clock
    }
    if (ledger.leftBehind() != null) {
      leftBehind.putAll(ledger.leftBehind());
    }
  }

  private SlotsLedger ledger() {
    return new SlotsLedger(
        masterTarget,
        capacity,
        maxConcurrent,
        new TreeMap<>(reserved),
        new TreeMap<>(attachedOnSite),
        new ArrayList<>(waiting.values()),
        new TreeMap<>(holders),
        new TreeMap<>(waitingSince),
        new TreeMap<>(leftBehind));
  }

  private void apply(SlotRequest request) {
    if (request.attachedOnSite() != null) {
      // The site's view when the request was made: the latest one wins.
      attachedOnSite.clear();
      request
          .attachedOnSite()
          .forEach(
              (item, disks) -> {
                if (disks != null && disks > 0) {
                  attachedOnSite.put(item, disks);
                }
              });
    }
    String item = request.replicatedItem();
    // A new run of the item takes its disks over: they are no longer left behind by anyone.
    leftBehind.remove(item);
    if (reserved.containsKey(item)) {
      // A repeat from an item that already holds its slots (a re-request, or a new run of the same
      // VM after a reset: one reprotection per VM at a time): answer it, reserve nothing more.
      holders.put(item, request);
      signal(
          request,
          new SlotGrant(
              masterTarget,
              true,
              reserved.get(item),
              used(),
              capacity,
              "already holds " + reserved.get(item) + " disk slots on " + masterTarget,
              request.nonce()));
      return;
    }
    if (waiting.containsKey(item)) {
      waiting.put(item, request); // keeps its place; answers go to the latest run
      return;
    }
    waiting.put(item, request);
    waitingSince.put(item, Workflow.currentTimeMillis());
  }

  private void apply(SlotRelease release) {
    String item = release.replicatedItem();
    SlotRequest holder = holders.containsKey(item) ? holders.get(item) : waiting.get(item);
    if (release.nonce() != null
        && holder != null
        && holder.nonce() != null
        && !release.nonce().equals(holder.nonce())) {
      LOG.info(
          "{}: release of {} from another run than the one holding it: ignored",
          masterTarget,
          item);
      return;
    }
    waiting.remove(item);
    waitingSince.remove(item);
    holders.remove(item);
    leftBehind.remove(item); // a live run committed or released them: accounted for
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
          waitingSince.remove(request.replicatedItem());
          signal(
              request,
              new SlotGrant(
                  masterTarget,
                  false,
                  request.disks(),
                  used(),
                  capacity,
                  "master target "
                      + masterTarget
                      + " cannot take "
                      + request.disks()
                      + " disks of "
                      + request.replicatedItem()
                      + ": "
                      + floor
                      + " of its "
                      + capacity
                      + " disk slots are held by disks that stay attached",
                  request.nonce()));
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
        waitingSince.remove(item);
        reserved.put(item, head.disks());
        holders.put(item, head);
        granted.add(head);
      }
      // Signal the grants together (those asked by update in this task are its answer); a
      // requester that is gone gives its slots back.
      List<Promise<Void>> sent = new ArrayList<>();
      for (SlotRequest request : granted) {
        SlotGrant grant =
            new SlotGrant(
                masterTarget,
                true,
                request.disks(),
                used(),
                capacity,
                "granted "
                    + request.disks()
                    + " disk slots on "
                    + masterTarget
                    + " ("
                    + used()
                    + " of "
                    + capacity
                    + " in use)",
                request.nonce());
        sent.add(answeredByUpdate(request, grant) ? null : signalAsync(request, grant));
      }
      for (int i = 0; i < granted.size(); i++) {
        if (sent.get(i) != null && !delivered(sent.get(i), granted.get(i))) {
          reserved.remove(granted.get(i).replicatedItem());
          holders.remove(granted.get(i).replicatedItem());
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

  /** A request asked by update, and its answer once decided. */
  private static final class Asked {
    final SlotRequest request;
    SlotAnswer answer;

    Asked(SlotRequest request) {
      this.request = request;
    }
  }

  /** Answers the requests asked by update in this task that still wait: their place in line. */
  private void answerInLine() {
    List<String> line = new ArrayList<>(waiting.keySet());
    for (Asked byUpdate : asked) {
      if (byUpdate.answer == null) {
        int ahead = Math.max(0, line.indexOf(byUpdate.request.replicatedItem()));
        byUpdate.answer = new SlotAnswer(null, ahead, used(), capacity);
      }
    }
    asked.clear();
  }

  /** Whether this answer goes back as the result of an update asked in this task (no signal). */
  private boolean answeredByUpdate(SlotRequest request, SlotGrant grant) {
    boolean answered = false;
    for (Asked byUpdate : asked) {
      if (byUpdate.answer == null && sameRun(byUpdate.request, request)) {
        byUpdate.answer = SlotAnswer.answered(grant);
        answered = true;
      }
    }
    return answered;
  }

  private void signal(SlotRequest request, SlotGrant grant) {
    if (!answeredByUpdate(request, grant)) {
      delivered(signalAsync(request, grant), request);
    }
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
      LOG.info(
          "{}: requester {} of {} is gone ({}); its request is dropped",
          masterTarget,
          request.requesterWorkflowId(),
          request.replicatedItem(),
          gone.getMessage());
      return false;
    }
  }

  private boolean historyTooLong() {
    return Workflow.getInfo().getHistoryLength() > historyLengthLimit
        || Workflow.getInfo().isContinueAsNewSuggested();
  }
}
