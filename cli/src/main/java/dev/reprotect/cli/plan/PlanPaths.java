package dev.reprotect.cli.plan;

import static dev.reprotect.cli.http.ApiClient.segment;

/** The API's paths for a recovery plan's reprotection. */
public final class PlanPaths {

  public static final String BASE = "/api/v1/recovery-plans";

  private PlanPaths() {}

  public static String plan(String plan) {
    return BASE + "/" + segment(plan);
  }

  /** Where the plan's reprotection is read: {@code .../{plan}/reprotection}. */
  public static String status(String plan) {
    return plan(plan) + "/reprotection";
  }
}
