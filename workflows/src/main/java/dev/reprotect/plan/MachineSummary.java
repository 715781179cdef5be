package dev.reprotect.plan;

import dev.reprotect.reprotect.ErrorInfo;
import javax.annotation.Nullable;

/**
 * One machine of a plan as the plan's status shows it.
 *
 * @param id the machine's reprotection (workflow) id, {@code reprotect-{replicatedItem}}
 * @param state {@code PENDING} before its reprotection starts, then its reprotection's state
 * @param progressPercent 0 while pending, 100 when protected
 * @param error why it failed, or null
 */
public record MachineSummary(
    String replicatedItem,
    @Nullable String id,
    MachineState state,
    int progressPercent,
    @Nullable ErrorInfo error) {}
