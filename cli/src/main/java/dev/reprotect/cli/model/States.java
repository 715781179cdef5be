package dev.reprotect.cli.model;

import java.util.Set;

/** The end states of a reprotection and of a plan (the same three names for both). */
public final class States {

  public static final String PROTECTED = "PROTECTED";
  private static final Set<String> ENDED = Set.of(PROTECTED, "FAILED", "CANCELLED");

  private States() {}

  public static boolean ended(String state) {
    return state != null && ENDED.contains(state);
  }
}
