package dev.reprotect.plan;

import java.util.List;
import java.util.Map;

/**
 * What earlier reprotections of a plan's machines left, read from Temporal before the plan starts
 * any of them.
 *
 * @param protectedAlready machines whose latest {@code reprotect-{vm}} run COMPLETED: protected by
 *     an earlier run of this plan or by a single reprotect; the plan starts no child for them
 * @param runningElsewhere machines whose {@code reprotect-{vm}} is running now, with who started it
 *     (the parent workflow id, or "" for a single reprotect): the plan does not start them
 */
public record EarlierReprotections(
    List<String> protectedAlready, Map<String, String> runningElsewhere) {}
