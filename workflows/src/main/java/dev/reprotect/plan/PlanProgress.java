package dev.reprotect.plan;

import java.time.Instant;
import java.util.Map;

/**
 * What a plan's earlier runs finished, carried over continue-as-new so the plan's own history stays
 * bounded: each finished machine's summary, and when the plan started.
 */
public record PlanProgress(Map<String, MachineSummary> finished, Instant startedAt) {}
