package dev.reprotect.api.capacity;

import dev.reprotect.api.temporal.Temporal;
import dev.reprotect.api.temporal.WorkflowFailures;
import dev.reprotect.capacity.MasterTargetSlotsWorkflow;
import dev.reprotect.capacity.SlotsView;
import dev.reprotect.inventory.MasterTargetInfo;
import dev.reprotect.inventory.MasterTargets;
import dev.reprotect.inventory.MasterTargetsWorkflow;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowQueryException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master targets' disk slots: the site's master targets (a short inventory workflow), each
 * overlaid by its slots workflow ({@code master-target-slots-{name}}) when one exists, which is the
 * durable record of what is reserved and held. Without one, the site's attached disks are held.
 */
@Singleton
public class MasterTargetSlots {

  private static final Logger LOG = LoggerFactory.getLogger(MasterTargetSlots.class);

  private final Temporal temporal;

  public MasterTargetSlots(Temporal temporal) {
    this.temporal = temporal;
  }

  public MasterTargetList all() {
    MasterTargetsWorkflow workflow =
        temporal
            .client()
            .newWorkflowStub(MasterTargetsWorkflow.class, temporal.shortWorkflow("master-targets"));
    MasterTargets found;
    try {
      found = workflow.list();
    } catch (WorkflowFailedException failed) {
      throw WorkflowFailures.toProblem(failed, "listing master targets");
    }
    List<MasterTargetInfo> items = found.items() == null ? List.of() : found.items();
    return new MasterTargetList(items.stream().map(this::view).toList());
  }

  private MasterTargetView view(MasterTargetInfo mt) {
    return of(
        mt, slots(mt.name()).orElseGet(() -> SlotsView.ofSiteOnly(mt.name(), mt.attachedDisks())));
  }

  /** The slots as the workflows count them: this only moves the figures. */
  static MasterTargetView of(MasterTargetInfo mt, SlotsView slots) {
    return new MasterTargetView(
        mt.name(),
        mt.osType(),
        slots.capacity(),
        slots.heldSlots(),
        slots.reservedSlots(),
        slots.freeSlots(),
        slots.leftBehind() == null ? Map.of() : slots.leftBehind());
  }

  /** The slots workflow's view, when that master target has one that answers. */
  private Optional<SlotsView> slots(String masterTarget) {
    String id = MasterTargetSlotsWorkflow.workflowIdFor(masterTarget);
    if (temporal.describe(id).isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(
          temporal.client().newWorkflowStub(MasterTargetSlotsWorkflow.class, id).slots());
    } catch (WorkflowQueryException | WorkflowNotFoundException e) {
      LOG.debug("slots query of {} not answered: {}", id, e.toString());
      return Optional.empty();
    }
  }
}
