package dev.reprotect.plan;

import java.util.List;

/**
 * The FollowMachines activity's request: signal {@code planWorkflowId} how each of {@code machines}
 * (their {@code reprotect-{vm}}, started by an earlier run of the plan) ends.
 */
public record FollowMachines(String planWorkflowId, List<String> machines) {}
