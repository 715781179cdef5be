package dev.reprotect.bench.bare;

import io.temporal.workflow.Workflow;

public class BareReprotectWorkflowImpl implements BareReprotectWorkflow {

  private final BareActivities validate =
      Workflow.newActivityStub(BareActivities.class, SameOptions.VALIDATE);
  private final BareActivities agent =
      Workflow.newActivityStub(BareActivities.class, SameOptions.WAIT_FOR_AGENT);
  private final BareActivities vcenter =
      Workflow.newActivityStub(BareActivities.class, SameOptions.VCENTER_STEP);
  private final BareActivities slots =
      Workflow.newActivityStub(BareActivities.class, SameOptions.REQUEST_SLOTS);
  private final BareActivities replication =
      Workflow.newActivityStub(BareActivities.class, SameOptions.START_REPLICATION);
  private final BareActivities sync =
      Workflow.newActivityStub(BareActivities.class, SameOptions.SYNCHRONIZE);

  private String step = "STARTED";
  private boolean finished;

  @Override
  public String run(String vm, boolean hold) {
    step = validate.step(vm);
    step = agent.step(vm);
    step = vcenter.step(vm);
    step = vcenter.step(vm);
    step = slots.step(vm);
    step = vcenter.step(vm);
    step = replication.step(vm);
    if (hold) {
      Workflow.await(() -> finished);
    }
    step = sync.step(vm);
    return step;
  }

  @Override
  public String status() {
    return step;
  }

  @Override
  public void finish() {
    finished = true;
  }
}
