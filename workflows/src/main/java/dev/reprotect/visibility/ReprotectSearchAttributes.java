package dev.reprotect.visibility;

import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectState;
import dev.reprotect.reprotect.Step;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import java.util.List;

/**
 * The search attributes our workflows carry, so that Temporal's UI and CLI filter by them (e.g.
 * {@code ReprotectPlan = 'rp-app' AND ReprotectState = 'FAILED'}). Every one is a Keyword; a real
 * cluster needs them created once per namespace ({@code temporal operator search-attribute create
 * --namespace default --name ReprotectVm --type Keyword}, and so on), which the API does itself
 * when it may ({@code reprotect.temporal.register-search-attributes}).
 */
public final class ReprotectSearchAttributes {

  /** The recovery plan: a plan's own workflow and each of its machines. */
  public static final SearchAttributeKey<String> PLAN =
      SearchAttributeKey.forKeyword("ReprotectPlan");

  /** The replicated item (VM) a reprotection is for. */
  public static final SearchAttributeKey<String> VM = SearchAttributeKey.forKeyword("ReprotectVm");

  /** The runbook step running now, or the last one that ran (e.g. the one that failed). */
  public static final SearchAttributeKey<String> STEP =
      SearchAttributeKey.forKeyword("ReprotectStep");

  /** A reprotection's {@link ReprotectState}, or a plan's {@code PlanState}. */
  public static final SearchAttributeKey<String> STATE =
      SearchAttributeKey.forKeyword("ReprotectState");

  /** The rule ID a failed reprotection or plan failed by. */
  public static final SearchAttributeKey<String> RULE =
      SearchAttributeKey.forKeyword("ReprotectRule");

  public static final List<SearchAttributeKey<String>> ALL = List.of(PLAN, VM, STEP, STATE, RULE);

  private ReprotectSearchAttributes() {}

  /** What a reprotection starts with: its VM, its plan if any, and its first step and state. */
  public static SearchAttributes forReprotection(ReprotectRequest request) {
    SearchAttributes.Builder attributes =
        SearchAttributes.newBuilder()
            .set(VM, request.replicatedItem())
            .set(STEP, Step.VALIDATE.name())
            .set(STATE, ReprotectState.VALIDATING.name());
    if (request.plan() != null && !request.plan().isBlank()) {
      attributes.set(PLAN, request.plan());
    }
    return attributes.build();
  }

  /** What a plan's workflow starts with: its plan and first state. */
  public static SearchAttributes forPlan(String plan) {
    return SearchAttributes.newBuilder().set(PLAN, plan).set(STATE, "VALIDATING").build();
  }
}
