package dev.reprotect.api.reprotect;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import java.time.Instant;

/** One reprotection workflow as the index lists it: its latest run. */
public record ReprotectionRef(
    String workflowId, String runId, Instant startedAt, WorkflowExecutionStatus status) {}
