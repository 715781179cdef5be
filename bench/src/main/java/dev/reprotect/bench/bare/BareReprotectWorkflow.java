package dev.reprotect.bench.bare;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Bare Temporal of the same shape as one reprotection: the same number of activity calls (validate,
 * wait for agent, merge, power off, request slots, attach, start replication, synchronize) with the
 * same ActivityOptions, each a no-op, in sequence; nothing else. With {@code hold} it waits for a
 * signal before it ends (P5: a running workflow to query).
 */
@WorkflowInterface
public interface BareReprotectWorkflow {

  @WorkflowMethod(name = "BareReprotect")
  String run(String vm, boolean hold);

  @QueryMethod(name = "status")
  String status();

  @SignalMethod(name = "finish")
  void finish();
}
