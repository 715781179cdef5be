package dev.reprotect.reprotect;

import dev.reprotect.activities.ActivitySettings;
import dev.reprotect.activities.Attempts;
import dev.reprotect.activities.Heartbeating;
import dev.reprotect.activities.SiteFailures;
import dev.reprotect.preflight.Durations;
import dev.reprotect.rules.ProductFailure;
import dev.reprotect.rules.Rule;
import dev.reprotect.rules.RuleFailures;
import dev.reprotect.rules.Violation;
import dev.reprotect.site.AzureSide;
import dev.reprotect.site.AzureSide.AgentStatus;
import dev.reprotect.site.AzureSide.Replica;
import dev.reprotect.site.AzureSide.ReplicationSpec;
import dev.reprotect.site.AzureSide.ReplicationState;
import dev.reprotect.site.AzureSide.ReplicationStatus;
import dev.reprotect.site.OnPremSite;
import dev.reprotect.site.OnPremSite.AttachedDisk;
import dev.reprotect.site.OnPremSite.MasterTarget;
import dev.reprotect.site.OnPremSite.NewDisk;
import dev.reprotect.site.OnPremSite.NewVm;
import dev.reprotect.site.OnPremSite.OnPremVm;
import dev.reprotect.site.OnPremSite.PowerState;
import dev.reprotect.site.OnPremSite.Snapshot;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.site.SiteException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reprotect steps over the two ports. Every step checks the site first and acts only on what is
 * not done yet, so a retry or a second run changes nothing twice. A port fault ({@link
 * SiteException}) becomes a failure typed by its rule, retryable when the rule is transient; a
 * cancelled heartbeat ({@code ActivityCompletionException}) propagates untouched.
 */
public class ReprotectActivitiesImpl implements ReprotectActivities {

  private static final Logger LOG = LoggerFactory.getLogger(ReprotectActivitiesImpl.class);

  /** The heartbeat details while a site action waits. */
  static final String WAITING = "waiting for the site";

  private final OnPremSite onPrem;
  private final AzureSide azure;
  private final ActivitySettings settings;

  public ReprotectActivitiesImpl(OnPremSite onPrem, AzureSide azure, ActivitySettings settings) {
    this.onPrem = onPrem;
    this.azure = azure;
    this.settings = settings;
  }

  @Override
  public StepResult waitForAgent(WaitForAgentRequest request) {
    String item = request.replicatedItem();
    return run(
        item,
        attempt -> {
          ActivityExecutionContext ctx = Activity.getExecutionContext();
          long deadline = System.nanoTime() + settings.agentPollWindow().toNanos();
          int polls = 0;
          while (true) {
            AgentStatus agent = azure.agent(item);
            polls++;
            if (agent.registered()) {
              return new StepResult(
                  "registered after " + Durations.format(agent.afterBoot()), attempt);
            }
            ctx.heartbeat(polls);
            if (System.nanoTime() >= deadline) {
              throw fail(
                  Violation.of(
                      Rule.AGENT_NOT_REGISTERED,
                      item,
                      "the agent of "
                          + item
                          + " has not registered with the configuration server yet (attempt "
                          + attempt
                          + ", polled "
                          + polls
                          + " times over "
                          + Durations.format(settings.agentPollWindow())
                          + ")"),
                  attempt);
            }
            sleep(settings.agentPollInterval());
          }
        });
  }

  @Override
  public StepResult mergeSnapshots(MergeSnapshotsRequest request) {
    return run(
        request.replicatedItem(),
        attempt -> {
          OnPremVm vm = requireVm(request.onPremVm());
          if (vm.snapshots().isEmpty()) {
            return new StepResult("no snapshots to merge", attempt);
          }
          keepAlive(
              () ->
                  onPrem.removeSnapshots(
                      vm.name(), vm.snapshots().stream().map(Snapshot::id).toList()));
          return new StepResult(
              "merged " + vm.snapshots().size() + " snapshot" + plural(vm.snapshots().size()),
              attempt);
        });
  }

  @Override
  public StepResult powerOff(PowerOffRequest request) {
    return run(
        request.replicatedItem(),
        attempt -> {
          OnPremVm vm = requireVm(request.onPremVm());
          if (vm.powerState() == PowerState.POWERED_OFF) {
            return new StepResult("already off", attempt);
          }
          keepAlive(() -> onPrem.powerOff(vm.name()));
          return new StepResult("powered off " + vm.name(), attempt);
        });
  }

  @Override
  public StepResult attachDisks(AttachDisksRequest request) {
    String item = request.replicatedItem();
    return run(
        item,
        attempt -> {
          MasterTarget mt = requireMasterTarget(request.masterTarget());
          String created = "";
          OnPremVm vm;
          if (request.recoveryLocation() == RecoveryLocation.ALTERNATE) {
            // The new VM is named after the replicated item; an existing one is this step's earlier
            // work.
            Optional<OnPremVm> existing = onPrem.vm(item);
            if (existing.isPresent()) {
              vm = existing.get();
            } else {
              Replica replica =
                  azure
                      .replica(item)
                      .orElseThrow(
                          () ->
                              new SiteException(
                                  Rule.REPLICA_NOT_FOUND,
                                  "no replica " + item + " to take the disk sizes from"));
              List<NewDisk> disks =
                  replica.disks().stream().map(d -> new NewDisk(d.name(), d.sizeBytes())).toList();
              vm =
                  onPrem.createVm(
                      new NewVm(item, replica.os(), mt.host(), request.datastore(), disks));
              created =
                  "created "
                      + vm.name()
                      + " on "
                      + mt.host()
                      + " with "
                      + disks.size()
                      + " new disk"
                      + plural(disks.size())
                      + " on "
                      + request.datastore()
                      + "; ";
            }
          } else {
            vm = requireVm(request.onPremVm());
          }
          Set<String> attached = new HashSet<>();
          mt.attachedFor(item).forEach(a -> attached.add(a.disk().uuid()));
          List<VirtualDisk> missing =
              vm.disks().stream().filter(d -> !attached.contains(d.uuid())).toList();
          if (!missing.isEmpty()) {
            keepAlive(() -> onPrem.attachDisks(mt.name(), item, missing));
          }
          return new StepResult(
              created
                  + "attached "
                  + vm.disks().size()
                  + " disk"
                  + plural(vm.disks().size())
                  + " ("
                  + missing.size()
                  + " new) to "
                  + mt.name(),
              attempt);
        });
  }

  @Override
  public StepResult startReplication(StartReplicationRequest request) {
    String item = request.replicatedItem();
    return run(
        item,
        attempt -> {
          ActivityExecutionContext ctx = Activity.getExecutionContext();
          // Each ARM call may take minutes (in-call retries, Retry-After): heartbeat meanwhile, so
          // the
          // step's heartbeat timeout notices a dead worker, never a slow call (no duplicate
          // action).
          ReplicationStatus status =
              Heartbeating.during(ctx, null, Heartbeating.EVERY, () -> azure.replication(item));
          if (status.state() == ReplicationState.SYNCHRONIZING
              || status.state() == ReplicationState.PROTECTED) {
            return new StepResult(
                "already started (" + status.state() + " through " + status.processServer() + ")",
                attempt);
          }
          FailbackPolicy policy =
              request.policy() == null ? FailbackPolicy.FIXED : request.policy();
          Heartbeating.during(
              ctx,
              null,
              Heartbeating.EVERY,
              () -> {
                azure.startReplication(
                    new ReplicationSpec(
                        item,
                        request.masterTarget(),
                        request.processServer(),
                        request.datastore(),
                        request.retentionDrive(),
                        policy));
                return null;
              });
          return new StepResult(
              "started replication through "
                  + request.processServer()
                  + " to "
                  + request.masterTarget()
                  + " (retention "
                  + request.retentionDrive()
                  + ", RPO "
                  + policy.rpoThresholdMinutes()
                  + " min)",
              attempt);
        });
  }

  @Override
  public StepResult synchronize(SynchronizeRequest request) {
    String item = request.replicatedItem();
    return run(
        item,
        attempt -> {
          ActivityExecutionContext ctx = Activity.getExecutionContext();
          Optional<SyncProgress> previous = ctx.getHeartbeatDetails(SyncProgress.class);
          String resumed = previous.map(p -> " (resumed at " + p.percent() + "%)").orElse("");
          SyncProgress last = previous.orElse(null);
          while (true) {
            if (request.onPremVm() != null) {
              OnPremVm vm = requireVm(request.onPremVm());
              if (vm.powerState() == PowerState.POWERED_ON) {
                throw fail(
                    Violation.of(
                        Rule.ONPREM_VM_POWERED_ON,
                        item,
                        "on-premises VM " + vm.name() + " was powered on during synchronization"),
                    attempt);
              }
            }
            MasterTarget mt = requireMasterTarget(request.masterTarget());
            if (mt.storageVMotioned()) {
              throw fail(
                  Violation.of(
                      Rule.MT_STORAGE_VMOTIONED,
                      item,
                      "master target "
                          + mt.name()
                          + " was Storage-vMotioned; "
                          + mt.attachedFor(item).size()
                          + " disks of "
                          + item
                          + " moved with it"),
                  attempt);
            }
            // One read may take minutes (ARM's in-call retries and Retry-After): keep heartbeating.
            SyncProgress shown = last;
            ReplicationStatus status =
                Heartbeating.during(ctx, shown, Heartbeating.EVERY, () -> azure.replication(item));
            if (status.state() == ReplicationState.NOT_STARTED
                || status.state() == ReplicationState.STOPPED) {
              throw new SiteException(
                  ProductFailure.REPLICATION_NOT_STARTED,
                  "replication of " + item + " is " + status.state() + "; start it first");
            }
            last =
                new SyncProgress(
                    status.percent(),
                    status.bytesSent(),
                    status.bytesTotal(),
                    status.state().name(),
                    status.detail());
            ctx.heartbeat(last);
            if (status.state() == ReplicationState.PROTECTED) {
              return new StepResult(
                  "protected after sending "
                      + Bytes.ofTotal(status.bytesSent(), status.bytesTotal())
                      + resumed,
                  attempt);
            }
            sleep(settings.syncPollInterval());
          }
        });
  }

  @Override
  public StepResult detachDisks(DetachDisksRequest request) {
    String item = request.replicatedItem();
    return run(
        item,
        attempt -> {
          MasterTarget mt = requireMasterTarget(request.masterTarget());
          List<AttachedDisk> ours = mt.attachedFor(item);
          if (ours.isEmpty()) {
            return new StepResult("no disks of " + item + " attached to " + mt.name(), attempt);
          }
          if (mt.storageVMotioned()) {
            throw fail(
                Violation.of(
                    Rule.MT_STORAGE_VMOTIONED,
                    item,
                    "master target "
                        + mt.name()
                        + " was Storage-vMotioned; "
                        + ours.size()
                        + " disks of "
                        + item
                        + " cannot be found to detach"),
                attempt);
          }
          keepAlive(
              () ->
                  onPrem.detachDisks(mt.name(), ours.stream().map(a -> a.disk().uuid()).toList()));
          return new StepResult(
              "detached " + ours.size() + " disk" + plural(ours.size()) + " from " + mt.name(),
              attempt);
        });
  }

  @Override
  public StepResult stopReplication(StopReplicationRequest request) {
    String item = request.replicatedItem();
    return run(
        item,
        attempt -> {
          ReplicationStatus status = azure.replication(item);
          if (status.state() != ReplicationState.SYNCHRONIZING
              && status.state() != ReplicationState.PROTECTED) {
            return new StepResult("replication not running (" + status.state() + ")", attempt);
          }
          keepAlive(() -> azure.stopReplication(item));
          return new StepResult("stopped replication", attempt);
        });
  }

  // ---- Helpers. ----

  private interface Step {
    StepResult run(int attempt);
  }

  /** Runs a step, turning port faults into rule failures that record the attempt. */
  private StepResult run(String item, Step step) {
    int attempt = Attempts.current();
    try {
      return step.run(attempt);
    } catch (SiteException fault) {
      LOG.info("{}: {} on attempt {}: {}", item, fault.type(), attempt, fault.getMessage());
      throw SiteFailures.of(fault, item, attempt);
    }
  }

  /**
   * Heartbeats while one site action waits (a vCenter task, an ARM call with its retries), so the
   * step's heartbeat timeout notices a dead worker, never a slow call that a retry would repeat.
   */
  private static void keepAlive(Runnable action) {
    Heartbeating.during(
        Activity.getExecutionContext(),
        WAITING,
        Heartbeating.EVERY,
        () -> {
          action.run();
          return null;
        });
  }

  private static ApplicationFailure fail(Violation violation, int attempt) {
    return RuleFailures.of(violation, attempt);
  }

  private OnPremVm requireVm(String name) {
    return onPrem
        .vm(name)
        .orElseThrow(
            () ->
                new SiteException(
                    ProductFailure.ONPREM_VM_NOT_FOUND,
                    "on-premises VM " + name + " does not exist (deleted during reprotect?)"));
  }

  private MasterTarget requireMasterTarget(String name) {
    return onPrem
        .masterTarget(name)
        .orElseThrow(
            () ->
                new SiteException(
                    ProductFailure.MASTER_TARGET_NOT_FOUND,
                    "master target " + name + " is not known to vCenter"));
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(Math.max(1, d.toMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw Activity.wrap(e);
    }
  }

  private static String plural(int n) {
    return n == 1 ? "" : "s";
  }
}
