package dev.reprotect.bench;

import dev.reprotect.activities.ActivityImplementations;
import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.bench.bare.BareActivitiesImpl;
import dev.reprotect.bench.bare.BareWaitWorkflow;
import dev.reprotect.capacity.CapacityActivitiesImpl;
import dev.reprotect.capacity.MasterTargetSlotsWorkflowImpl;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.reprotect.Step;
import dev.reprotect.reprotect.StepStatus;
import dev.reprotect.simulated.SimulatedSite;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * P3: the history events a wait adds, and how soon the workflow moves on once the agent registers.
 *
 * <ul>
 *   <li>Agent wait (1 min and 14 min 30 s, just inside the 15-minute bound), on Temporal's
 *       time-skipping test environment: the real workflow and activities over a simulated site
 *       whose clock is the test server's clock (site time = workflow time). One WaitForAgent
 *       attempt polls once and fails retryably; the server retries it every 3 s (WAIT_FOR_AGENT's
 *       retry interval) of simulated time, as it does in production after the minute of polling of
 *       each attempt. The bare baseline is one activity with the same options that fails the same
 *       way until the same moment.
 *   <li>Synchronization of 20 min and 24 h (simulated), in real time on the in-memory server, the
 *       site's time running 40,000 times faster (24 h in about 2 s): one Synchronize attempt
 *       heartbeats its progress until protected.
 * </ul>
 *
 * Events of a step: from its ActivityTaskScheduled to the WorkflowTaskCompleted after it closed.
 */
final class Waiting {

  /**
   * Registration half a second past a multiple of the 3-second retry interval. Attempts drift by
   * their own run time, so where registration falls between two attempts varies; the bound on how
   * soon the workflow notices is the retry interval (3 s), plus one poll interval in production.
   */
  static final Duration SHORT_AGENT = Duration.ofMinutes(1).plusMillis(500);

  static final Duration LONG_AGENT = Duration.ofMinutes(14).plusSeconds(30).plusMillis(500);
  static final double SYNC_TIME_SCALE = 1.0 / 40_000;

  private Waiting() {}

  static Row run() {
    AgentWait shortAgent = agent(SHORT_AGENT);
    AgentWait longAgent = agent(LONG_AGENT);
    int bareEvents = bareAgent(LONG_AGENT);
    int shortSync = sync("20m");
    int longSync = sync("24h");
    int worst = Math.max(longAgent.events, longSync);
    boolean independent = shortAgent.events == longAgent.events && shortSync == longSync;
    double worstGap = Math.max(shortAgent.gapSeconds, longAgent.gapSeconds);
    boolean met = worst <= 10 && independent && worstGap <= 5;
    double ratio = longAgent.events / (double) bareEvents;
    return Row.of(
            "P3",
            Stats.f(
                "events per wait: agent 1m/14.5m %d/%d, sync 20m/24h %d/%d; moves on %.1f s after registration",
                shortAgent.events, longAgent.events, shortSync, longSync, worstGap),
            Stats.f("%d events", longAgent.events),
            Stats.f("%d events", bareEvents),
            ratio,
            "<= 10 events, same for any length; <= 5 s",
            met)
        .with("agentWaitEvents", Map.of("1m0.5s", shortAgent.events, "14m30.5s", longAgent.events))
        .with(
            "agentWaitTotalEvents",
            Map.of("1m0.5s", shortAgent.totalEvents, "14m30.5s", longAgent.totalEvents))
        .with(
            "agentMovesOnAfterRegistrationS",
            Map.of("1m0.5s", shortAgent.gapSeconds, "14m30.5s", longAgent.gapSeconds))
        .with(
            "agentAttempts", Map.of("1m0.5s", shortAgent.attempts, "14m30.5s", longAgent.attempts))
        .with("syncEvents", Map.of("20m", shortSync, "24h", longSync))
        .with("bareAgentWaitEvents", bareEvents);
  }

  record AgentWait(int events, int totalEvents, double gapSeconds, int attempts) {}

  /** A clock that reads the test server's time, so the site's time is the workflows' time. */
  static Clock serverClock(TestWorkflowEnvironment env) {
    return new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return Instant.ofEpochMilli(env.currentTimeMillis());
      }
    };
  }

  static AgentWait agent(Duration registersAfter) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    try {
      String yaml = Inventories.yaml(1, registersAfter.toMillis() / 1000.0 + "s", "0s");
      SimulatedSite site = Inventories.withClock(yaml, serverClock(env));
      Instant registered = site.now().minus(site.siteElapsed()).plus(registersAfter);
      Worker worker = env.newWorker(Stack.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(
          ReprotectWorkflowImpl.class, MasterTargetSlotsWorkflowImpl.class);
      // One poll per attempt: the test server skips time only between attempts.
      ActivitySettings onePollPerAttempt =
          new ActivitySettings(Duration.ofMillis(1), Duration.ZERO, Duration.ofMillis(1));
      worker.registerActivitiesImplementations(
          ActivityImplementations.create(site, site, onePollPerAttempt).all().toArray());
      worker.registerActivitiesImplementations(
          new CapacityActivitiesImpl(env.getWorkflowClient(), Stack.TASK_QUEUE, site));
      env.start();
      ReprotectRequest request = Sites.request(0, 1, null);
      ReprotectWorkflow workflow =
          env.getWorkflowClient()
              .newWorkflowStub(
                  ReprotectWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId(request.workflowId())
                      .setTaskQueue(Stack.TASK_QUEUE)
                      .build());
      WorkflowClient.start(workflow::reprotect, request);
      ReprotectStatus done = WorkflowStub.fromTyped(workflow).getResult(ReprotectStatus.class);
      if (done.state() != ReprotectState.PROTECTED) {
        throw new IllegalStateException(
            "agent wait of " + registersAfter + " ended " + done.state() + ": " + done.error());
      }
      StepStatus wait =
          done.steps().stream()
              .filter(s -> s.name() == Step.WAIT_FOR_AGENT)
              .findFirst()
              .orElseThrow();
      double gap = Duration.between(registered, wait.endedAt()).toMillis() / 1000.0;
      List<HistoryEvent> events =
          env.getWorkflowClient().fetchHistory(request.workflowId()).getEvents();
      return new AgentWait(
          stepEvents(events, "WaitForAgent"), events.size(), Stats.round(gap, 2), wait.attempts());
    } finally {
      env.close();
    }
  }

  static int bareAgent(Duration registersAfter) {
    TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance();
    try {
      long until = env.currentTimeMillis() + registersAfter.toMillis();
      Worker worker = env.newWorker(Stack.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(BareWaitWorkflow.Impl.class);
      worker.registerActivitiesImplementations(new BareActivitiesImpl(env::currentTimeMillis));
      env.start();
      BareWaitWorkflow workflow =
          env.getWorkflowClient()
              .newWorkflowStub(
                  BareWaitWorkflow.class,
                  WorkflowOptions.newBuilder()
                      .setWorkflowId("bare-wait")
                      .setTaskQueue(Stack.TASK_QUEUE)
                      .build());
      WorkflowClient.start(workflow::run, until);
      WorkflowStub.fromTyped(workflow).getResult(String.class);
      return stepEvents(
          env.getWorkflowClient().fetchHistory("bare-wait").getEvents(), "BareWaitUntil");
    } finally {
      env.close();
    }
  }

  static int sync(String duration) {
    String yaml = Inventories.yaml(1, "0s", duration);
    SimulatedSite site =
        Inventories.load(yaml, SimulatedSite.Options.defaults().withTimeScale(SYNC_TIME_SCALE));
    try (Stack stack = new Stack()) {
      Sites.registerOurs(stack, site, Sites.FAST);
      stack.start();
      ReprotectRequest request = Sites.request(0, 1, null);
      PerVmOverhead.runOurs(stack.client, request);
      return stepEvents(stack.client.fetchHistory(request.workflowId()).getEvents(), "Synchronize");
    }
  }

  /**
   * Events from the activity's ActivityTaskScheduled to the WorkflowTaskCompleted after it closed.
   */
  static int stepEvents(List<HistoryEvent> events, String activityType) {
    int from = -1;
    long scheduledId = -1;
    boolean closed = false;
    List<HistoryEvent> span = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      HistoryEvent e = events.get(i);
      if (from < 0
          && e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
          && e.getActivityTaskScheduledEventAttributes()
              .getActivityType()
              .getName()
              .equals(activityType)) {
        from = i;
        scheduledId = e.getEventId();
      }
      if (from < 0) {
        continue;
      }
      span.add(e);
      if (isClose(e, scheduledId)) {
        closed = true;
      } else if (closed && e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
        return span.size();
      }
    }
    throw new IllegalStateException("no closed " + activityType + " step in the history");
  }

  private static boolean isClose(HistoryEvent e, long scheduledId) {
    return switch (e.getEventType()) {
      case EVENT_TYPE_ACTIVITY_TASK_COMPLETED ->
          e.getActivityTaskCompletedEventAttributes().getScheduledEventId() == scheduledId;
      case EVENT_TYPE_ACTIVITY_TASK_FAILED ->
          e.getActivityTaskFailedEventAttributes().getScheduledEventId() == scheduledId;
      case EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT ->
          e.getActivityTaskTimedOutEventAttributes().getScheduledEventId() == scheduledId;
      default -> false;
    };
  }
}
