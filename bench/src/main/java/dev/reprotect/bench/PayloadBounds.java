package dev.reprotect.bench;

import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.plan.CarriedMachine;
import dev.reprotect.plan.MachineOutcome;
import dev.reprotect.plan.MachineState;
import dev.reprotect.plan.MachineSummary;
import dev.reprotect.plan.PlanMachines;
import dev.reprotect.plan.PlanProgress;
import dev.reprotect.plan.PlanState;
import dev.reprotect.plan.PlanStatus;
import dev.reprotect.plan.RecoveryPlanRequest;
import dev.reprotect.reprotect.ErrorInfo;
import dev.reprotect.reprotect.ReprotectRequest;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The largest a plan's continue-as-new state and status answer can grow, in bytes as the data
 * converter encodes them (what Temporal's payload limits apply to), built from what a real run
 * showed: its real input (placement included), its real groups, and a real failed machine's summary
 * for every machine placed on a Storage-vMotioned master target. A run that continues as new
 * carries every machine compact and each finished one's outcome; the worst case is every machine
 * but one finished. A status answer (or a page of the machines query) carries at most {@link
 * PlanMachines#PAGE} machines; its worst case is a page of failed ones.
 */
final class PayloadBounds {

  private PayloadBounds() {}

  record Bounds(long continueAsNewState, long statusAnswer, int failing) {}

  static Bounds of(RecoveryPlanRequest request, PlanStatus seen, Set<String> movedMasterTargets) {
    MachineSummary failedTemplate =
        seen.machines().stream()
            .filter(m -> m.state() == MachineState.FAILED && m.error() != null)
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "P7: no failed machine to take the error's shape from"));
    List<MachinePlacement> placement = request.placementChosen();
    Map<String, MachinePlacement> placedBy = new HashMap<>();
    if (placement != null) {
      placement.forEach(p -> placedBy.put(p.replicatedItem(), p));
    }
    List<CarriedMachine> carried = new ArrayList<>();
    Map<String, MachineSummary> finished = new LinkedHashMap<>();
    List<MachineSummary> failedPage = new ArrayList<>();
    int failing = 0;
    for (ReprotectRequest m : request.machines()) {
      String vm = m.replicatedItem();
      carried.add(CarriedMachine.of(m, placedBy.get(vm)));
      boolean fails = movedMasterTargets.contains(m.masterTarget());
      failing += fails ? 1 : 0;
      MachineSummary failed = failedLike(failedTemplate, vm, m.masterTarget());
      finished.put(
          vm,
          fails
              ? failed
              : new MachineSummary(vm, m.workflowId(), MachineState.PROTECTED, 100, null));
      if (failedPage.size() < PlanMachines.PAGE) {
        failedPage.add(failed);
      }
    }
    Map<String, MachineOutcome> allButOne = new LinkedHashMap<>();
    finished.forEach((vm, summary) -> allButOne.put(vm, MachineOutcome.of(summary)));
    String stillRunning = request.machines().get(request.machines().size() - 1).replicatedItem();
    allButOne.remove(stillRunning);
    Instant now = Instant.now();
    RecoveryPlanRequest continued =
        new RecoveryPlanRequest(
            request.plan(),
            List.of(),
            request.options(),
            new PlanProgress(
                null,
                now,
                seen.groups(),
                false,
                1,
                now,
                allButOne.size(),
                null,
                null,
                null,
                carried,
                allButOne,
                List.of(stillRunning)),
            null);
    List<MachinePlacement> pagePlacement =
        placement == null
            ? null
            : failedPage.stream().map(m -> placedBy.get(m.replicatedItem())).toList();
    PlanStatus status =
        new PlanStatus(
            seen.id(),
            seen.plan(),
            PlanState.FAILED,
            counts(finished),
            100,
            null,
            failedPage,
            seen.groups(),
            new ErrorInfo(
                null,
                failing + " of " + finished.size() + " machines not protected: " + names(finished),
                "fix what each machine's error names, then start the plan again: only those"
                    + " machines run",
                null,
                null),
            now,
            now,
            pagePlacement,
            null,
            null,
            null,
            null,
            null);
    return new Bounds(bytes(continued), bytes(status), failing);
  }

  static long bytes(Object value) {
    DataConverter converter = GlobalDataConverter.get();
    return converter.toPayloads(value).orElseThrow().getSerializedSize();
  }

  /** The failed machine's error as it reads for another machine on another moved master target. */
  private static MachineSummary failedLike(
      MachineSummary template, String vm, String masterTarget) {
    ErrorInfo e = template.error();
    String message =
        e.message() == null
            ? null
            : e.message()
                .replace(template.replicatedItem(), vm)
                .replaceAll("mt-\\d{3}", masterTarget);
    return new MachineSummary(
        vm,
        "reprotect-" + vm,
        template.state(),
        template.progressPercent(),
        new ErrorInfo(e.rule(), message, e.fix(), e.step(), e.violations()));
  }

  private static Map<String, Integer> counts(Map<String, MachineSummary> machines) {
    Map<String, Integer> counts = new TreeMap<>();
    machines.values().forEach(m -> counts.merge(m.state().name(), 1, Integer::sum));
    return counts;
  }

  /** As the plan's error lists them: the first 20 not protected, and how many more. */
  private static String names(Map<String, MachineSummary> machines) {
    List<String> failed =
        machines.values().stream()
            .filter(m -> m.state() != MachineState.PROTECTED)
            .map(MachineSummary::replicatedItem)
            .toList();
    return failed.size() <= 20
        ? String.join(", ", failed)
        : String.join(", ", failed.subList(0, 20)) + " and " + (failed.size() - 20) + " more";
  }
}
