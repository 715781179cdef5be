package dev.reprotect.plan;

import java.util.List;
import javax.annotation.Nullable;

/**
 * A replication group of the plan: PROTECTED only when every member is (a common point in time),
 * FAILED when a member failed or was cancelled, else IN_PROGRESS.
 */
public record GroupStatus(
    String name, @Nullable String masterTarget, List<String> members, String state) {}
