package dev.reprotect.api.serde;

import dev.reprotect.inventory.ReplicatedItem;
import dev.reprotect.inventory.ReplicatedItems;
import dev.reprotect.inventory.ReprotectOption;
import dev.reprotect.inventory.ReprotectOptions;
import dev.reprotect.preflight.PreflightReport;
import dev.reprotect.preflight.ResolvedTarget;
import dev.reprotect.reprotect.ErrorInfo;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.StepStatus;
import dev.reprotect.reprotect.SyncProgress;
import dev.reprotect.rules.Violation;
import io.micronaut.serde.annotation.SerdeImport;

/**
 * The workflows module's records that go over HTTP, made serializable here so that module stays
 * free of Micronaut. Enums (states, steps, rules) are written by name.
 */
@SerdeImport(ReprotectStatus.class)
@SerdeImport(StepStatus.class)
@SerdeImport(ErrorInfo.class)
@SerdeImport(Violation.class)
@SerdeImport(SyncProgress.class)
@SerdeImport(PreflightReport.class)
@SerdeImport(ResolvedTarget.class)
@SerdeImport(ReplicatedItem.class)
@SerdeImport(ReplicatedItems.class)
@SerdeImport(ReprotectOption.class)
@SerdeImport(ReprotectOptions.class)
public final class WorkflowRecords {
  private WorkflowRecords() {}
}
