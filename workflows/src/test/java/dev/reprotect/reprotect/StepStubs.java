package dev.reprotect.reprotect;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;
import static org.mockito.Mockito.withSettings;

import dev.reprotect.inventory.OsType;
import dev.reprotect.preflight.PreflightActivities;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.preflight.Validation;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import io.temporal.failure.ApplicationFailure;
import java.util.List;

/** Mocked activities for workflow tests: every step succeeds unless a test says otherwise. */
final class StepStubs {

  static final String VM = "vm-web-01";
  static final ReprotectRequest REQUEST =
      ReprotectRequest.of(VM, "mt-win-01", "ps-azure-01", "vmfs-01", "R:");
  static final ResolvedTarget ORIGINAL =
      new ResolvedTarget(
          VM, RecoveryLocation.ORIGINAL, OsType.WINDOWS, List.of("disk-0", "disk-1"), null, "R:");
  static final ResolvedTarget ALTERNATE =
      new ResolvedTarget(
          null, RecoveryLocation.ALTERNATE, OsType.WINDOWS, List.of("disk-0"), null, "R:");

  final PreflightActivities preflight =
      mock(PreflightActivities.class, withSettings().withoutAnnotations());
  final ReprotectActivities steps =
      mock(ReprotectActivities.class, withSettings().withoutAnnotations());

  StepStubs() {
    this(ORIGINAL);
  }

  StepStubs(ResolvedTarget target) {
    when(preflight.validate(any())).thenReturn(new Validation(target, List.of(), 1));
    when(steps.waitForAgent(any())).thenReturn(new StepResult("registered after 4m12s", 1));
    when(steps.mergeSnapshots(any())).thenReturn(new StepResult("merged 2 snapshots", 1));
    when(steps.powerOff(any())).thenReturn(new StepResult("powered off", 1));
    when(steps.attachDisks(any())).thenReturn(new StepResult("attached 2 disks", 1));
    when(steps.startReplication(any())).thenReturn(new StepResult("replication started", 1));
    when(steps.synchronize(any())).thenReturn(new StepResult("protected after 20m", 1));
    when(steps.detachDisks(any())).thenReturn(new StepResult("detached 2 disks", 1));
    when(steps.stopReplication(any())).thenReturn(new StepResult("replication stopped", 1));
  }

  /** The failure an activity throws for a rule: retryable exactly when the rule is transient. */
  static ApplicationFailure fault(Rule rule, int attempt) {
    return RuleFailures.of(Violation.of(rule, VM, rule.requirement()), attempt);
  }
}
