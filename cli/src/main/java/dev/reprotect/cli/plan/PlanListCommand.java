package dev.reprotect.cli.plan;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.input.PageOptions;
import dev.reprotect.cli.model.PlanPage;
import dev.reprotect.cli.model.PlanStatus;
import dev.reprotect.cli.text.ProgressBar;
import dev.reprotect.cli.text.StatusText;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "list", description = "Recovery plans' reprotections, paged; filtered by state.")
public class PlanListCommand extends ApiCommand {

  @Mixin PageOptions paging;

  @Override
  protected int run(CliSession session) {
    session.show(
        session.api().get(paging.path(PlanPaths.BASE).toString()),
        PlanPage.class,
        result -> print(session.out(), result));
    return ExitCodes.OK;
  }

  private static void print(PrintWriter out, PlanPage result) {
    List<PlanStatus> items = result.items() == null ? List.of() : result.items();
    out.printf("%-24s %-10s %-27s %s%n", "PLAN", "STATE", "PROGRESS", "MACHINES");
    for (PlanStatus item : items) {
      out.printf(
          "%-24s %-10s %s %3d%%  %s%n",
          item.plan(),
          item.state(),
          ProgressBar.of(item.progressPercent()),
          item.progressPercent(),
          item.counts() == null ? "" : StatusText.counts(item.counts()));
    }
    out.printf(
        "page %d (size %d): %d of %d%n",
        result.page(), result.size(), items.size(), result.total());
  }
}
