package dev.reprotect.watch;

import com.uber.m3.tally.Scope;
import dev.reprotect.visibility.WorkflowMetrics;
import io.temporal.workflow.Workflow;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/**
 * The protection watch's metrics, emitted from its workflow code like {@link WorkflowMetrics}
 * (nothing while replaying, no history event): as Prometheus shows them, {@code
 * reprotect_rpo_seconds{vm,plan}}, {@code reprotect_replication_health{vm,plan}} (0 normal, 1
 * warning, 2 critical) and {@code reprotect_watch_last_check_timestamp_seconds} (the time since the
 * last check is {@code time() - } that: a timestamp keeps counting when the watch stops, a "seconds
 * since" gauge would freeze with it). {@code plan} is "none" for a machine in no plan.
 */
public final class WatchMetrics {

  static final String RPO = "reprotect_rpo_seconds";
  static final String HEALTH = "reprotect_replication_health";
  static final String LAST_CHECK = "reprotect_watch_last_check_timestamp_seconds";
  static final String NO_PLAN = "none";

  private WatchMetrics() {}

  /**
   * One check's readings. A machine that left the watch (failed back, unprotected, reprotecting
   * again) gets NaN: its series stays in this process's registry, but no alert compares true on it.
   */
  static void checked(
      Collection<ProtectionReading> seen, Collection<ProtectionReading> left, Instant at) {
    Scope scope = Workflow.getMetricsScope();
    for (ProtectionReading r : seen) {
      Scope vm = tagged(scope, r);
      vm.gauge(RPO).update(r.rpoSeconds());
      vm.gauge(HEALTH).update(healthValue(r.replicationHealth()));
    }
    for (ProtectionReading r : left) {
      Scope vm = tagged(scope, r);
      vm.gauge(RPO).update(Double.NaN);
      vm.gauge(HEALTH).update(Double.NaN);
    }
    scope.gauge(LAST_CHECK).update(at.toEpochMilli() / 1000.0);
  }

  /** 0 normal, 1 warning, 2 critical; unknown health counts as warning. */
  static double healthValue(ReplicationHealth health) {
    return health == null ? 1 : health.ordinal();
  }

  private static Scope tagged(Scope scope, ProtectionReading r) {
    return scope.tagged(
        Map.of(
            "vm",
            r.replicatedItem(),
            "plan",
            r.recoveryPlan() == null ? NO_PLAN : r.recoveryPlan()));
  }
}
