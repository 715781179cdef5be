package dev.reprotect.cli;

/** How results are printed: for people, or the API's JSON bodies unchanged for scripts. */
public enum Output {
  text,
  json
}
