package dev.reprotect.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by --version: the jar's implementation version when packaged. */
public class CliVersion implements IVersionProvider {

  @Override
  public String[] getVersion() {
    String version = CliVersion.class.getPackage().getImplementationVersion();
    return new String[] {"reprotect CLI " + (version == null ? "(development build)" : version)};
  }
}
