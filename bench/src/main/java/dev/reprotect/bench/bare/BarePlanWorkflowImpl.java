package dev.reprotect.bench.bare;

import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.util.List;

public class BarePlanWorkflowImpl implements BarePlanWorkflow {

  private int running;
  private int done;

  @Override
  public int run(List<String> machines, int window) {
    for (String vm : machines) {
      Workflow.await(() -> running < window);
      BareReprotectWorkflow child =
          Workflow.newChildWorkflowStub(
              BareReprotectWorkflow.class,
              ChildWorkflowOptions.newBuilder().setWorkflowId("bare-" + vm).build());
      running++;
      Async.function(child::run, vm, false)
          .handle(
              (r, f) -> {
                running--;
                done++;
                return null;
              });
    }
    Workflow.await(() -> running == 0);
    return done;
  }
}
