package dev.reprotect.bench.bare;

import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Bare Temporal of a wait (P3): one activity, with WAIT_FOR_AGENT's options, that fails retryably
 * until the given time, as WaitForAgent does; the server retries it without history events.
 */
@WorkflowInterface
public interface BareWaitWorkflow {

  @WorkflowMethod(name = "BareWait")
  String run(long untilEpochMillis);

  class Impl implements BareWaitWorkflow {
    private final BareActivities agent =
        Workflow.newActivityStub(BareActivities.class, SameOptions.WAIT_FOR_AGENT);

    @Override
    public String run(long untilEpochMillis) {
      return agent.waitUntil(untilEpochMillis);
    }
  }
}
