package dev.reprotect.plan;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.reprotect.capacity.CapacityActivities;
import dev.reprotect.capacity.SlotGrant;
import dev.reprotect.capacity.SlotRequest;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.preflight.Validation;
import dev.reprotect.reprotect.RecoveryLocation;
import dev.reprotect.reprotect.ReprotectActivities;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import dev.reprotect.reprotect.StepResult;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mocked activities for plan tests, under the real ReprotectWorkflowImpl children: every step of
 * every machine succeeds unless a test says otherwise; the plan's preflight passes; disk slots are
 * granted at once; earlier reprotections are read from the test environment itself.
 */
public final class PlanStubs {

  static final String PLAN = "rp-app";

  /** A plan test's environment: the real plan and reprotection workflows; the test starts it. */
  static TestWorkflowExtension testWorkflow() {
    return TestWorkflowExtension.newBuilder()
        .registerWorkflowImplementationTypes(
            RecoveryPlanWorkflowImpl.class, ReprotectWorkflowImpl.class)
        .setDoNotStart(true)
        .build();
  }

  /** Runs the plan to its end, as its own workflow id on the test's task queue. */
  static PlanStatus run(WorkflowClient client, Worker worker, RecoveryPlanRequest request) {
    WorkflowOptions options =
        WorkflowOptions.newBuilder()
            .setWorkflowId(request.workflowId())
            .setTaskQueue(worker.getTaskQueue())
            .build();
    return client.newWorkflowStub(RecoveryPlanWorkflow.class, options).reprotect(request);
  }

  final PreflightActivities preflight =
      mock(PreflightActivities.class, withSettings().withoutAnnotations());
  final ReprotectActivities steps =
      mock(ReprotectActivities.class, withSettings().withoutAnnotations());
  final PlanPreflightActivities planPreflight =
      mock(PlanPreflightActivities.class, withSettings().withoutAnnotations());

  PlanStubs(GroupStatus... groups) {
    when(preflight.validate(any()))
        .thenAnswer(
            call -> {
              ReprotectRequest r = call.getArgument(0);
              return new Validation(
                  new ResolvedTarget(
                      r.replicatedItem(),
                      RecoveryLocation.ORIGINAL,
                      OsType.WINDOWS,
                      List.of(r.replicatedItem() + "_0", r.replicatedItem() + "_1"),
                      null,
                      "R:"),
                  List.of(),
                  1);
            });
    when(steps.waitForAgent(any())).thenReturn(new StepResult("registered after 1m", 1));
    when(steps.mergeSnapshots(any())).thenReturn(new StepResult("merged 0 snapshots", 1));
    when(steps.powerOff(any())).thenReturn(new StepResult("powered off", 1));
    when(steps.attachDisks(any())).thenReturn(new StepResult("attached 2 disks", 1));
    when(steps.startReplication(any())).thenReturn(new StepResult("replication started", 1));
    when(steps.synchronize(any())).thenReturn(new StepResult("protected after 20m", 1));
    when(steps.detachDisks(any())).thenReturn(new StepResult("detached 2 disks", 1));
    when(steps.stopReplication(any())).thenReturn(new StepResult("replication stopped", 1));
    when(planPreflight.preflightPlan(any()))
        .thenReturn(new PreflightReport(true, List.of(), List.of(), null));
    when(planPreflight.replicationGroups(any())).thenReturn(List.of(groups));
  }

  /**
   * The activities, the site standing in as it would be: a machine whose reprotection completed is
   * protected back on-premises (a test may say otherwise after this).
   */
  Object[] activities(WorkflowClient client) {
    DescribingPlanActivities temporal = new DescribingPlanActivities(client);
    when(planPreflight.protectedAlready(any()))
        .thenAnswer(call -> temporal.earlierReprotections(call.getArgument(0)).protectedAlready());
    return new Object[] {
      preflight, steps, planPreflight, new DescribingPlanActivities(client), new GrantAtOnce(client)
    };
  }

  static ReprotectRequest machine(String vm) {
    return new ReprotectRequest(
        vm, "mt-win-01", "ps-azure-01", "vmfs-01", "R:", null, null, false, PLAN);
  }

  static RecoveryPlanRequest plan(PlanOptions options, String... vms) {
    List<ReprotectRequest> machines = new ArrayList<>();
    for (String vm : vms) {
      machines.add(machine(vm));
    }
    return new RecoveryPlanRequest(PLAN, machines, options, null);
  }

  /** The failure an activity throws for a rule: retryable exactly when the rule is transient. */
  static ApplicationFailure fault(Rule rule, String vm, int attempt) {
    return RuleFailures.of(Violation.of(rule, vm, rule.requirement()), attempt);
  }

  /**
   * Capacity: every request is granted at once, by the signal the master target's workflow would
   * send.
   */
  static final class GrantAtOnce implements CapacityActivities {
    private final WorkflowClient client;

    GrantAtOnce(WorkflowClient client) {
      this.client = client;
    }

    @Override
    public SlotsView requestSlots(SlotRequest request) {
      client
          .newWorkflowStub(ReprotectWorkflow.class, request.requesterWorkflowId())
          .slotsGranted(
              new SlotGrant(
                  request.masterTarget(), true, request.disks(), request.disks(), 60, null));
      return null;
    }
  }

  /**
   * The plan activity as the worker runs it (PlanActivitiesImpl): describes each reprotect-{vm}.
   */
  public static final class DescribingPlanActivities implements PlanActivities {

    /**
     * The in-memory server's continue-as-new is not atomic (temporalio/sdk-java#1538): a signal
     * sent meanwhile is refused NOT_FOUND. Sent again, it reaches the next run.
     */
    private static void tell(RecoveryPlanWorkflow plan, MachineSummary ended) {
      for (int attempt = 1; ; attempt++) {
        try {
          plan.machineEnded(ended);
          return;
        } catch (WorkflowNotFoundException continuingAsNew) {
          if (attempt == 50) {
            throw continuingAsNew;
          }
          try {
            Thread.sleep(20);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }

    private final WorkflowClient client;

    public DescribingPlanActivities(WorkflowClient client) {
      this.client = client;
    }

    @Override
    public EarlierReprotections earlierReprotections(RecoveryPlanRequest request) {
      List<String> done = new ArrayList<>();
      Map<String, String> running = new LinkedHashMap<>();
      for (ReprotectRequest m : request.machines()) {
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
                              WorkflowExecution.newBuilder().setWorkflowId(m.workflowId()))
                          .build())
                  .getWorkflowExecutionInfo();
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
            continue;
          }
          throw e;
        }
        if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
          done.add(m.replicatedItem());
        } else if (info.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
          running.put(
              m.replicatedItem(),
              info.hasParentExecution() ? info.getParentExecution().getWorkflowId() : "");
        }
      }
      return new EarlierReprotections(done, running);
    }

    /**
     * As PlanActivitiesImpl does, but returning at once: each ending is signalled when it comes,
     * from the client's callback. The in-memory server skips no time while an activity is open, so
     * the worker's FollowMachines, which stays open until the last machine ends, would stop the
     * clock that the machines' own timers wait on. The worker's is tested on the real server.
     */
    @Override
    public void followMachines(FollowMachines request) {
      RecoveryPlanWorkflow plan =
          client.newWorkflowStub(RecoveryPlanWorkflow.class, request.planWorkflowId());
      for (String vm : request.machines()) {
        client
            .newUntypedWorkflowStub(ReprotectRequest.workflowIdFor(vm))
            .getResultAsync(ReprotectStatus.class)
            .whenComplete(
                (done, failure) ->
                    tell(
                        plan,
                        failure == null
                            ? MachineEndings.of(vm, done)
                            : MachineEndings.of(vm, failure.getCause())));
      }
    }
  }
}
