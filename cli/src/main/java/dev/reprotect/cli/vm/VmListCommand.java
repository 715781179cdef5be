package dev.reprotect.cli.vm;

import static dev.reprotect.cli.http.ApiClient.query;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.input.PageOptions;
import dev.reprotect.cli.model.VmPage;
import dev.reprotect.cli.model.VmStatus;
import dev.reprotect.cli.text.ProgressBar;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "list",
    description = "Reprotections, newest first, paged; filtered by state or plan.")
public class VmListCommand extends ApiCommand {

  @Mixin PageOptions paging;

  @Option(
      names = "--plan",
      paramLabel = "PLAN",
      description = "Only this recovery plan's machines.")
  String plan;

  @Override
  protected int run(CliSession session) {
    StringBuilder path = paging.path(VmPaths.BASE);
    if (plan != null) {
      path.append("&plan=").append(query(plan));
    }
    session.show(
        session.api().get(path.toString()), VmPage.class, result -> print(session.out(), result));
    return ExitCodes.OK;
  }

  private static void print(PrintWriter out, VmPage result) {
    List<VmStatus> items = result.items() == null ? List.of() : result.items();
    out.printf(
        "%-32s %-20s %-22s %-5s %-14s %s%n", "ID", "STATE", "PROGRESS", "", "PLAN", "STARTED");
    for (VmStatus item : items) {
      out.printf(
          "%-32s %-20s %s %3d%%  %-14s %s%n",
          item.id(),
          item.state(),
          ProgressBar.of(item.progressPercent()),
          item.progressPercent(),
          item.plan() == null ? "-" : item.plan(),
          item.startedAt() == null ? "-" : item.startedAt());
    }
    out.printf(
        "page %d (size %d): %d of %d%n",
        result.page(), result.size(), items.size(), result.total());
  }
}
