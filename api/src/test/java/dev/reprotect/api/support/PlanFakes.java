package dev.reprotect.api.support;

import dev.reprotect.plan.GroupStatus;
import dev.reprotect.plan.PlanPreflightActivities;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.Violation;
import java.util.ArrayList;
import java.util.List;

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
}
