package dev.reprotect.cli.plan;

import static dev.reprotect.cli.http.ApiClient.query;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import dev.reprotect.cli.model.PlanPage;
import dev.reprotect.cli.model.PlanStatus;
import dev.reprotect.cli.text.ProgressBar;
import dev.reprotect.cli.text.StatusText;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "Recovery plans' reprotections, paged; filtered by state.")
public class PlanListCommand extends ApiCommand {

  @Option(names = "--state", paramLabel = "STATE", description = "Only this state, e.g. RUNNING or PROTECTED.")
  String state;

  @Option(names = "--page", defaultValue = "0", description = "Page, from 0 (default ${DEFAULT-VALUE}).")
  int page;

  @Option(names = "--size", defaultValue = "20", description = "Page size (default ${DEFAULT-VALUE}).")
  int size;

  @Override
  protected int run(CliSession session) {
    StringBuilder path = new StringBuilder(PlanPaths.BASE).append("?page=").append(page).append("&size=").append(size);
    if (state != null) {
      path.append("&state=").append(query(state));
    }
    ApiAnswer answer = session.api().get(path.toString());
    if (session.json()) {
      session.printBody(answer);
      return ExitCodes.OK;
    }
    PlanPage result = session.read(answer, PlanPage.class);
    List<PlanStatus> items = result.items() == null ? List.of() : result.items();
    session.out().printf("%-24s %-10s %-27s %s%n", "PLAN", "STATE", "PROGRESS", "MACHINES");
    for (PlanStatus item : items) {
      session.out().printf("%-24s %-10s %s %3d%%  %s%n", item.plan(), item.state(),
          ProgressBar.of(item.progressPercent()), item.progressPercent(),
          item.counts() == null ? "" : StatusText.counts(item.counts()));
    }
    session.out().printf("page %d (size %d): %d of %d%n", result.page(), result.size(), items.size(), result.total());
    return ExitCodes.OK;
  }
}
