package dev.reprotect.cli.vm;

import dev.reprotect.cli.CliSession;
import dev.reprotect.cli.watch.VmWatch;
import dev.reprotect.cli.watch.WatchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "watch",
    description =
        "Follow a VM's reprotection to its end with a live progress bar "
            + "(redrawn on a terminal, plain lines otherwise). Exit 0 when PROTECTED, 1 when FAILED or CANCELLED.")
public class VmWatchCommand extends OneVmCommand {

  @Mixin WatchOptions watchOptions;

  @Override
  protected int run(CliSession session) throws InterruptedException {
    return VmWatch.follow(session, vm, watchOptions);
  }
}
