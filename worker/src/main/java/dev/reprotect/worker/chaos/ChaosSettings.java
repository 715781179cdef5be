package dev.reprotect.worker.chaos;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * Fault injection ({@code reprotect.chaos.*}), off by default.
 *
 * @param enabled register the fault-injecting interceptor on this process's worker
 * @param seed seeds the probability draws (same seed, same order of attempts: same faults)
 * @param faults one rule a line, e.g. {@code "PowerOff|AttachDisks mode=TRANSIENT probability=0.3
 *     when=AFTER"} (see {@link FaultRule#parse})
 */
@ConfigurationProperties("reprotect.chaos")
public record ChaosSettings(
    @Bindable(defaultValue = "false") boolean enabled,
    @Bindable(defaultValue = "1") long seed,
    @Nullable List<String> faults) {

  public List<FaultRule> rules() {
    return faults == null
        ? List.of()
        : faults.stream().filter(s -> !s.isBlank()).map(FaultRule::parse).toList();
  }
}
