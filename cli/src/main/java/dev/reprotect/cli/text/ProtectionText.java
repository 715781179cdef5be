package dev.reprotect.cli.text;

import dev.reprotect.cli.CliFailure;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.model.ReplicatedItem;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;

/**
 * A protected VM's replication as the protection watch last read it (RPO against the failback
 * policy's 15 minutes, health, health errors), for {@code status} and {@code watch}.
 */
public final class ProtectionText {

  static final long RPO_THRESHOLD_SECONDS = 15 * 60;

  private ProtectionText() {}

  /** The item's reading from the replicated items; empty when it has none or cannot be read. */
  public static Optional<ReplicatedItem> reading(CliSession session, String vm) {
    try {
      ReplicatedItem.Page page =
          session.read(session.api().get("/api/v1/replicated-items"), ReplicatedItem.Page.class);
      return (page.items() == null ? List.<ReplicatedItem>of() : page.items())
          .stream().filter(i -> vm.equals(i.name())).findFirst();
    } catch (CliFailure unavailable) {
      return Optional.empty(); // the status is shown anyway; only this line is missing
    }
  }

  public static void print(PrintWriter out, Optional<ReplicatedItem> item) {
    if (item.isEmpty() || !item.get().watched()) {
      out.println(
          "  protection: not checked yet (the protection watch reads every protected VM each minute)");
      return;
    }
    ReplicatedItem r = item.get();
    boolean over = r.rpoSeconds() > RPO_THRESHOLD_SECONDS;
    out.printf(
        "  protection: RPO %s%s  replication %s  checked %s%n",
        rpo(r.rpoSeconds()),
        over ? " (OVER the 15-minute threshold)" : " (within 15 minutes)",
        r.replicationHealth(),
        StatusText.or(r.lastCheckedAt(), "-"));
    for (String error : r.healthErrors() == null ? List.<String>of() : r.healthErrors()) {
      out.println("    health: " + error);
    }
  }

  static String rpo(long seconds) {
    return seconds < 60 ? seconds + "s" : String.format("%dm%02ds", seconds / 60, seconds % 60);
  }
}
