package dev.reprotect.cli.vm;

import static dev.reprotect.cli.http.ApiClient.query;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.ExitCodes;
import dev.reprotect.cli.http.ApiAnswer;
import dev.reprotect.cli.model.VmPage;
import dev.reprotect.cli.model.VmStatus;
import dev.reprotect.cli.text.ProgressBar;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "list", description = "Reprotections, newest first, paged; filtered by state or plan.")
public class VmListCommand extends ApiCommand {

  @Option(names = "--state", paramLabel = "STATE", description = "Only this state, e.g. PROTECTED or SYNCHRONIZING.")
  String state;

  @Option(names = "--plan", paramLabel = "PLAN", description = "Only this recovery plan's machines.")
  String plan;

  @Option(names = "--page", defaultValue = "0", description = "Page, from 0 (default ${DEFAULT-VALUE}).")
  int page;

  @Option(names = "--size", defaultValue = "20", description = "Page size, 1-100 (default ${DEFAULT-VALUE}).")
  int size;

  @Override
  protected int run(CliSession session) {
    StringBuilder path = new StringBuilder(VmPaths.BASE).append("?page=").append(page).append("&size=").append(size);
    if (state != null) {
      path.append("&state=").append(query(state));
    }
    if (plan != null) {
      path.append("&plan=").append(query(plan));
    }
    ApiAnswer answer = session.api().get(path.toString());
    if (session.json()) {
      session.printBody(answer);
      return ExitCodes.OK;
    }
    VmPage result = session.read(answer, VmPage.class);
    List<VmStatus> items = result.items() == null ? List.of() : result.items();
    session.out().printf("%-32s %-20s %-22s %-5s %-14s %s%n", "ID", "STATE", "PROGRESS", "", "PLAN", "STARTED");
    for (VmStatus item : items) {
      session.out().printf("%-32s %-20s %s %3d%%  %-14s %s%n", item.id(), item.state(),
          ProgressBar.of(item.progressPercent()), item.progressPercent(),
          item.plan() == null ? "-" : item.plan(), item.startedAt() == null ? "-" : item.startedAt());
    }
    session.out().printf("page %d (size %d): %d of %d%n", result.page(), result.size(), items.size(), result.total());
    return ExitCodes.OK;
  }
}
