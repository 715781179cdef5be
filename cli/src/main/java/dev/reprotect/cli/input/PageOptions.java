package dev.reprotect.cli.input;

import static dev.reprotect.cli.http.ApiClient.query;

import picocli.CommandLine.Option;

/** The options every list command takes: a state to filter by and the page to show. */
public class PageOptions {

  @Option(
      names = "--state",
      paramLabel = "STATE",
      description = "Only this state, e.g. PROTECTED, SYNCHRONIZING or RUNNING.")
  String state;

  @Option(
      names = "--page",
      defaultValue = "0",
      description = "Page, from 0 (default ${DEFAULT-VALUE}).")
  int page;

  @Option(
      names = "--size",
      defaultValue = "20",
      description = "Page size, 1-100 (default ${DEFAULT-VALUE}).")
  int size;

  /** {@code base} with the page, the size and the state filter as query parameters. */
  public StringBuilder path(String base) {
    StringBuilder path =
        new StringBuilder(base).append("?page=").append(page).append("&size=").append(size);
    if (state != null) {
      path.append("&state=").append(query(state));
    }
    return path;
  }
}
