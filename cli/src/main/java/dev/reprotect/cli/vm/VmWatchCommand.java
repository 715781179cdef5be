package dev.reprotect.cli.vm;

import dev.reprotect.cli.ApiCommand;
import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.watch.VmWatch;
import dev.reprotect.cli.watch.WatchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(
    name = "watch",
    description =
        "Follow a VM's reprotection to its end with a live progress bar "
            + "(redrawn on a terminal, plain lines otherwise). Exit 0 when PROTECTED, 1 when FAILED or CANCELLED.")
public class VmWatchCommand extends ApiCommand {

  @Parameters(index = "0", paramLabel = "VM", description = "The replicated item.")
  String vm;

  @Mixin WatchOptions watchOptions;

  @Override
  protected int run(CliSession session) throws InterruptedException {
    return VmWatch.follow(session, vm, watchOptions);
  }
}
