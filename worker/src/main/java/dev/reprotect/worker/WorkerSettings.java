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
 * @param stickyScheduleToStart how long a workflow's next task waits on this worker's own (sticky)
 *     queue, where its history is cached, before the server hands it to any worker; 0 turns sticky
 *     execution off (every workflow task replays the history). Temporal's test server never moves
 *     a dead worker's sticky tasks, so crash tests against it run with 0
 */
@ConfigurationProperties("reprotect.worker")
public record WorkerSettings(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "200") @Min(1) int maxConcurrentActivities,
    @Bindable(defaultValue = "50") @Min(1) int maxConcurrentWorkflowTasks,
    @Bindable(defaultValue = "5s") java.time.Duration stickyScheduleToStart) {}
