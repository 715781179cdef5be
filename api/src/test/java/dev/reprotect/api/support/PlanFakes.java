package dev.reprotect.api.support;

import dev.reprotect.plan.EarlierReprotections;
import dev.reprotect.plan.GroupStatus;
import dev.reprotect.plan.PlanActivities;
import dev.reprotect.plan.PlanPreflightActivities;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plan workflows' activities against the fake site, for the API's tests (the workflows are the
 * real RecoveryPlanWorkflowImpl and PlanPreflightWorkflowImpl): plan preflight reports
 * PLAN_VALUES_MISSING and every single-VM rule of the fake site, each naming its machine; the
 * plan's read of earlier reprotections describes them in the test server.
 */
public final class PlanFakes {
  private PlanFakes() {}

  /** Plan preflight against the fake site. */
  public static class PlanPreflight implements PlanPreflightActivities {
    @Override
    public PreflightReport preflightPlan(RecoveryPlanRequest request) {
      List<Violation> all = new ArrayList<>();
      for (ReprotectRequest machine : request.machines()) {
        if (machine.masterTarget() == null
            || machine.processServer() == null
            || machine.datastore() == null
            || machine.retentionDrive() == null) {
          all.add(
              Violation.of(
                  Rule.PLAN_VALUES_MISSING,
                  machine.replicatedItem(),
                  machine.replicatedItem()
                      + " lacks a master target, process server, datastore or retention drive"));
          continue;
        }
        all.addAll(FakeSite.check(machine));
      }
      List<Violation> blocking = all.stream().filter(Violation::blocking).toList();
      List<Violation> warnings = all.stream().filter(v -> !v.blocking()).toList();
      return new PreflightReport(blocking.isEmpty(), blocking, warnings, null);
    }

    @Override
    public List<GroupStatus> replicationGroups(RecoveryPlanRequest request) {
      return List.of();
    }

    @Override
    public List<String> protectedAlready(RecoveryPlanRequest request) {
      return request.machines().stream()
          .map(ReprotectRequest::replicatedItem)
          .distinct()
          .filter(FakeSite::protectedBack)
          .toList();
    }
  }

  /** What the plan reads from Temporal itself: each machine's latest {@code reprotect-{vm}} run. */
  public static class PlanTemporal implements PlanActivities {
    private final WorkflowClient client;

    public PlanTemporal(WorkflowClient client) {
      this.client = client;
    }

    @Override
    public EarlierReprotections earlierReprotections(RecoveryPlanRequest request) {
      List<String> protectedAlready = new ArrayList<>();
      Map<String, String> running = new LinkedHashMap<>();
      for (ReprotectRequest machine : request.machines()) {
        WorkflowExecutionInfo info;
        try {
          info =
              client
                  .getWorkflowServiceStubs()
                  .blockingStub()
                  .describeWorkflowExecution(
                      DescribeWorkflowExecutionRequest.newBuilder()
                          .setNamespace(client.getOptions().getNamespace())
                          .setExecution(
                              WorkflowExecution.newBuilder().setWorkflowId(machine.workflowId()))
                          .build())
                  .getWorkflowExecutionInfo();
        } catch (StatusRuntimeException notFound) {
          continue;
        }
        if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
          protectedAlready.add(machine.replicatedItem());
        } else if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          running.put(
              machine.replicatedItem(),
              info.hasParentExecution() ? info.getParentExecution().getWorkflowId() : "");
        }
      }
      return new EarlierReprotections(protectedAlready, running);
    }
  }
}
