package dev.reprotect.bench.bare;

import dev.reprotect.reprotect.ReprotectWorkflowImpl;
import io.temporal.activity.ActivityOptions;

/**
 * The benchmark's baselines use exactly the activity options of {@link ReprotectWorkflowImpl}, read
 * here rather than copied so they cannot drift apart.
 */
final class SameOptions {

  private SameOptions() {}

  public static final ActivityOptions VALIDATE = ReprotectWorkflowImpl.VALIDATE;
  public static final ActivityOptions WAIT_FOR_AGENT = ReprotectWorkflowImpl.WAIT_FOR_AGENT;
  public static final ActivityOptions VCENTER_STEP = ReprotectWorkflowImpl.VCENTER_STEP;
  public static final ActivityOptions START_REPLICATION = ReprotectWorkflowImpl.START_REPLICATION;
  public static final ActivityOptions SYNCHRONIZE = ReprotectWorkflowImpl.SYNCHRONIZE;
  public static final ActivityOptions REQUEST_SLOTS = ReprotectWorkflowImpl.REQUEST_SLOTS;
}
