package dev.reprotect.cli.vm;

import static dev.reprotect.cli.http.ApiClient.segment;

/** The API's paths for one VM's reprotection, whose id is {@code reprotect-{vm}}. */
public final class VmPaths {

  public static final String BASE = "/api/v1/reprotections";

  private VmPaths() {}

  public static String id(String vm) {
    return "reprotect-" + vm;
  }

  public static String status(String vm) {
    return BASE + "/" + segment(id(vm));
  }
}
