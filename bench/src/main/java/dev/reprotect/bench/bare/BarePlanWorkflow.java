package dev.reprotect.bench.bare;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;

/** Bare Temporal of a plan: a parent that runs one bare child per machine through a window. */
@WorkflowInterface
public interface BarePlanWorkflow {

  @WorkflowMethod(name = "BarePlan")
  int run(List<String> machines, int window);
}
