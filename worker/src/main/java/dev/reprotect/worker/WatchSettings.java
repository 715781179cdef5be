package dev.reprotect.worker;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The protection watch (reprotect.watch): after reprotection, every protected item's replication
 * health and RPO, checked at this interval.
 *
 * @param enabled keep the watch running (a worker starts it when it is not)
 * @param checkInterval between two checks of every protected item (wall-clock time, whatever the
 *     simulated site's time scale)
 */
@ConfigurationProperties("reprotect.watch")
public record WatchSettings(
    @Bindable(defaultValue = "true") boolean enabled,
    @Bindable(defaultValue = "1m") Duration checkInterval) {}
