package dev.reprotect.api.serde;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.inventory.ReplicatedItem;
import dev.reprotect.inventory.ReplicatedItems;
import dev.reprotect.inventory.ReprotectOption;
import dev.reprotect.inventory.ReprotectOptions;
import dev.reprotect.placement.MachinePlacement;
import dev.reprotect.placement.MasterTargetLoad;
import dev.reprotect.plan.GroupStatus;
import dev.reprotect.plan.MachineSummary;
import dev.reprotect.plan.PlanStatus;
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
@SerdeImport(value = ReprotectStatus.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = StepStatus.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = ErrorInfo.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = Violation.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = SyncProgress.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = PreflightReport.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = ResolvedTarget.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = ReplicatedItem.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = ReplicatedItems.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = ReprotectOption.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = ReprotectOptions.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = PlanStatus.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = MachineSummary.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = GroupStatus.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = MachinePlacement.class, mixin = WorkflowRecords.NullsIncluded.class)
@SerdeImport(value = MasterTargetLoad.class, mixin = WorkflowRecords.NullsIncluded.class)
public final class WorkflowRecords {

  /**
   * Writes null and empty values too ({@code "error": null}, {@code "violations": []}) whatever the
   * application's {@code micronaut.serde.serialization.inclusion}, as the contract shows them.
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  interface NullsIncluded {}

  private WorkflowRecords() {}
}
