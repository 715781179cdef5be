package dev.reprotect.capacity;

import dev.reprotect.reprotect.ReprotectRequest;
import dev.reprotect.reprotect.ReprotectStatus;
import dev.reprotect.reprotect.ReprotectWorkflow;
import io.temporal.workflow.Workflow;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for a reprotection that asks for slots: it only waits, and records the grants it
 * receives by its workflow id, so that a test sees exactly what the slots ledger decided.
 */
public class RecordingRequester implements ReprotectWorkflow {

  /** The grants received, by requester workflow id; a test clears it before it starts. */
  public static final Map<String, List<SlotGrant>> GRANTS = new ConcurrentHashMap<>();

  @Override
  public ReprotectStatus reprotect(ReprotectRequest request) {
    Workflow.await(() -> false);
    return null;
  }

  @Override
  public ReprotectStatus status() {
    return null;
  }

  @Override
  public void slotsGranted(SlotGrant grant) {
    if (!Workflow.isReplaying()) {
      GRANTS
          .computeIfAbsent(Workflow.getInfo().getWorkflowId(), k -> new CopyOnWriteArrayList<>())
          .add(grant);
    }
  }
}
