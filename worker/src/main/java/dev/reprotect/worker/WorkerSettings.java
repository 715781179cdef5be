package dev.reprotect.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import jakarta.validation.constraints.Min;

/**
 * The worker's own settings.
 *
 * @param enabled host workflows and activities in this process (false for an API-only process)
 * @param maxConcurrentActivities activity slots; activities mostly wait on vCenter and Azure
 * @param maxConcurrentWorkflowTasks workflow task slots
 */
@ConfigurationProperties("reprotect.worker")
public record WorkerSettings(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "200") @Min(1) int maxConcurrentActivities,
    @Bindable(defaultValue = "50") @Min(1) int maxConcurrentWorkflowTasks) {}
