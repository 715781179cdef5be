package dev.reprotect.api.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.plan.PlanStatus;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/**
 * One page of recovery-plan reprotections, newest first, each as the plan's status endpoint returns
 * it; {@code total} counts every match of the filter.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record PlanPage(List<PlanStatus> items, int page, int size, int total) {}
