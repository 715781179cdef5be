package dev.reprotect.cli.plan;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import dev.reprotect.cli.input.PlanRequestOptions;
import dev.reprotect.cli.model.Placement;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "placement",
    description =
        "Propose master target, process server, datastore and retention drive "
            + "for every machine of the plan (values the file gives are kept, marked *). Exit 3 when no placement fits.")
public class PlanPlacementCommand extends ApiCommand {

  @Mixin PlanRequestOptions request;

  @Override
  protected int run(CliSession session) {
    ApiAnswer answer =
        session
            .api()
            .post(PlanPaths.plan(request.plan()) + "/placement", session.write(request.body()));
    session.show(answer, Placement.class, placement -> print(session.out(), placement));
    return ExitCodes.OK;
  }

  private static void print(PrintWriter out, Placement placement) {
    out.printf(
        "%-20s %-16s %-16s %-14s %-16s %s%n",
        "MACHINE", "MASTER TARGET", "PROCESS SERVER", "DATASTORE", "RETENTION DRIVE", "LOCATION");
    for (Placement.PlacedMachine machine :
        placement.machines() == null ? List.<Placement.PlacedMachine>of() : placement.machines()) {
      List<String> given = machine.given() == null ? List.of() : machine.given();
      out.printf(
          "%-20s %-16s %-16s %-14s %-16s %s%n",
          machine.replicatedItem(),
          mark(machine.masterTarget(), given.contains("masterTarget")),
          mark(machine.processServer(), given.contains("processServer")),
          mark(machine.datastore(), given.contains("datastore")),
          mark(machine.retentionDrive(), given.contains("retentionDrive")),
          mark(machine.recoveryLocation(), given.contains("recoveryLocation")));
    }
    if (placement.masterTargets() != null && !placement.masterTargets().isEmpty()) {
      out.println("master targets (disks held + assigned / capacity):");
      for (Placement.MasterTargetLoad load : placement.masterTargets()) {
        out.printf(
            "  %-16s %-8s %d + %d / %d%n",
            load.name(),
            load.osType() == null ? "" : load.osType(),
            zero(load.disksHeld()),
            zero(load.disksAssigned()),
            zero(load.capacity()));
      }
    }
    out.println("* given in the file; the others are proposed");
  }

  private static String mark(String value, boolean given) {
    return value == null ? "-" : given ? value + "*" : value;
  }

  private static int zero(Integer value) {
    return value == null ? 0 : value;
  }
}
