package dev.reprotect.vcenter;

import dev.reprotect.vcenter.Vim25Client.ObjectContent;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * vCenter tasks started and followed, never doubled: before an action starts a task it follows any
 * task of the same kind already queued or running on the same object (one an earlier attempt
 * started before its worker died or its activity timed out), then reads the state again. Tasks are
 * found in the TaskManager's {@code recentTask} (queued, running and recently ended tasks), their
 * kind by {@code info.descriptionId}; the progress callback runs between polls.
 */
final class VCenterTasks {

  private static final Logger LOG = LoggerFactory.getLogger(VCenterTasks.class);

  /**
   * Each task method's {@code descriptionId}s, lower case: vCenter's, and vcsim's where it differs
   * (vcsim names them after its own handlers).
   */
  private static final Map<String, Set<String>> KINDS =
      Map.of(
          "PowerOffVM_Task", Set.of("virtualmachine.poweroff"),
          "ReconfigVM_Task", Set.of("virtualmachine.reconfigure", "virtualmachine.reconfigvm"),
          "RemoveAllSnapshots_Task", Set.of("virtualmachine.removeallsnapshots"),
          "RemoveSnapshot_Task",
              Set.of("vm.snapshot.remove", "virtualmachinesnapshot.removesnapshot"),
          "CreateVM_Task", Set.of("folder.createvm"));

  private static final Set<String> UNFINISHED = Set.of("queued", "running");

  private final Vim25Client client;
  private final Duration timeout;
  private final Runnable onPoll;
  private final String vcenter;

  VCenterTasks(Vim25Client client, Duration timeout, Runnable onPoll, String vcenter) {
    this.client = client;
    this.timeout = timeout;
    this.onPoll = onPoll;
    this.vcenter = vcenter;
  }

  /**
   * Waits for every unfinished task of this method's kind on {@code entity}; true when there was
   * one (the caller then reads the state again before doing anything).
   */
  boolean followRunning(String method, MoRef entity) {
    List<MoRef> running = running(method, entity);
    for (MoRef task : running) {
      LOG.info(
          "vCenter {}: {} of {} already runs as {}: followed, not started again",
          vcenter,
          method,
          entity.value(),
          task.value());
      try {
        wait(task);
      } catch (VimFault ended) {
        // Its failure was that attempt's; this one reads the state and decides again.
        LOG.info("vCenter {}: the {} followed ended in {}", vcenter, task.value(), ended.type());
      }
    }
    return !running.isEmpty();
  }

  /** Starts the task and waits for it to end; its result, or its fault thrown. */
  Element run(String method, MoRef entity, String args) {
    return wait(client.startTask(method, entity, args));
  }

  private Element wait(MoRef task) {
    return client.waitForTask(task, onPoll, timeout);
  }

  /** The unfinished tasks of this method's kind on {@code entity}. */
  List<MoRef> running(String method, MoRef entity) {
    return recent(method, entity).stream()
        .filter(t -> UNFINISHED.contains(t.text("info.state")))
        .map(ObjectContent::obj)
        .toList();
  }

  /** The recent tasks (any state) of this method's kind on {@code entity}, in one read. */
  List<ObjectContent> recent(String method, MoRef entity) {
    Set<String> kinds = KINDS.getOrDefault(method, Set.of());
    MoRef taskManager = client.serviceContent().taskManager();
    String spec =
        "<propSet>"
            + Xml.el("type", "Task")
            + Xml.el("pathSet", "info.descriptionId")
            + Xml.el("pathSet", "info.state")
            + Xml.el("pathSet", "info.entity")
            + "</propSet>"
            + "<objectSet>"
            + Xml.ref("obj", taskManager)
            + "<skip>true</skip>"
            + "<selectSet xmlns:xsi=\""
            + Xml.XSI
            + "\" xsi:type=\"TraversalSpec\">"
            + "<name>recent</name><type>TaskManager</type><path>recentTask</path>"
            + "<skip>false</skip></selectSet></objectSet>";
    return client.retrieve(spec).stream()
        .filter(t -> entity.value().equals(t.text("info.entity")))
        .filter(t -> kinds.contains(lower(t.text("info.descriptionId"))))
        .toList();
  }

  private static String lower(String s) {
    return s == null ? "" : s.toLowerCase(Locale.ROOT);
  }
}
