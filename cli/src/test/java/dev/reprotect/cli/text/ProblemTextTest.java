package dev.reprotect.cli.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.reprotect.cli.model.Failure;
import dev.reprotect.cli.model.Problem;
import dev.reprotect.cli.model.Violation;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Errors for people: each rule ID with its message, then its fix. */
class ProblemTextTest {

  private static List<String> printed(java.util.function.Consumer<PrintWriter> print) {
    StringWriter text = new StringWriter();
    print.accept(new PrintWriter(text));
    return text.toString().lines().toList();
  }

  @Test
  void givenAPlanRefusedByRules_whenPrinted_itShouldListEachRuleItsMachineAndFix() {
    Problem problem =
        new Problem(
            "https://reprotect.dev/rules/MT_DISK_LIMIT",
            "Master target disk limit",
            422,
            "2 rule violations",
            "MT_DISK_LIMIT",
            "Use another master target",
            List.of(
                new Violation(
                    "MT_DISK_LIMIT",
                    null,
                    "64 disks on mt-win-01, over 60",
                    "Use another master target",
                    "vm-fs-02"),
                new Violation(
                    "VM_MIGRATED",
                    null,
                    "vm-migrated-01 was migrated",
                    "Re-protect it from scratch",
                    "vm-migrated-01")));

    assertEquals(
        List.of(
            "error: Master target disk limit",
            "MT_DISK_LIMIT: 64 disks on mt-win-01, over 60 [vm-fs-02]",
            "  fix: Use another master target",
            "VM_MIGRATED: vm-migrated-01 was migrated",
            "  fix: Re-protect it from scratch"),
        printed(out -> ProblemText.print(out, problem)));
  }

  @Test
  void givenABadRequest_whenPrinted_itShouldNameEachField() {
    Problem problem =
        new Problem(
            null,
            "Bad request",
            400,
            "machines: must list at least one machine",
            null,
            null,
            List.of(new Violation(null, "machines", "must list at least one machine", null, null)));

    assertEquals(
        List.of("error: Bad request", "machines: must list at least one machine"),
        printed(out -> ProblemText.print(out, problem)));
  }

  @Test
  void givenAFailedReprotection_whenPrinted_itShouldGiveTheRuleStepAndFix() {
    Failure failure =
        new Failure(
            "ONPREM_VM_POWERED_ON",
            "the on-premises VM was powered on",
            "Power it off",
            "SYNCHRONIZE",
            null,
            null);

    assertEquals(
        List.of(
            "ONPREM_VM_POWERED_ON: the on-premises VM was powered on [vm-slow-agent-01, step SYNCHRONIZE]",
            "  fix: Power it off"),
        printed(out -> ProblemText.failure(out, "vm-slow-agent-01", failure)));
  }

  @Test
  void
      givenAnIncompleteCompensation_whenPrinted_itShouldLeadWithCompensationIncompleteNotTheCauseRule() {
    Failure failure =
        new Failure(
            "ONPREM_VM_POWERED_ON",
            "compensation incomplete, left behind: 2 disks of vm-a still attached to master target mt-01",
            "start the VM again",
            "SYNCHRONIZE",
            null,
            "COMPENSATION_INCOMPLETE");

    assertEquals(
        List.of(
            "COMPENSATION_INCOMPLETE: compensation incomplete, left behind: 2 disks of vm-a still"
                + " attached to master target mt-01 [vm-a, step SYNCHRONIZE]",
            "  fix: start the VM again"),
        printed(out -> ProblemText.failure(out, "vm-a", failure)));
  }
}
