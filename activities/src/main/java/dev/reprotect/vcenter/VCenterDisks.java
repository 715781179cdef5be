package dev.reprotect.vcenter;

import dev.reprotect.rules.Rule;
import dev.reprotect.site.OnPremSite.VirtualDisk;
import dev.reprotect.site.SiteException;
import dev.reprotect.vcenter.Vim25Client.ObjectContent;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.w3c.dom.Element;

/**
 * Adds and removes a master target's disks for {@link VCenterSite}: one ReconfigVM_Task each way
 * that also writes the disks' tags in {@code extraConfig}, and the check that a datastore is
 * mounted on the host that needs it. Faults propagate; the site turns them into rule faults and
 * logs what was done.
 */
final class VCenterDisks {

  private final Vim25Client client;
  private final VCenterTasks tasks;
  private final String vcenter;

  /**
   * @param vcenter the vCenter's name, for messages
   */
  VCenterDisks(Vim25Client client, VCenterTasks tasks, String vcenter) {
    this.client = client;
    this.tasks = tasks;
    this.vcenter = vcenter;
  }

  /**
   * Attaches the disks the master target does not have yet, tagged for the replicated item.
   *
   * @return how many were attached (0: all were there already)
   */
  int attach(MoRef ref, String masterTarget, String replicatedItem, List<VirtualDisk> disks) {
    tasks.followRunning("ReconfigVM_Task", ref);
    ObjectContent mt = client.properties(ref, VCenterSite.VM_PROPS);
    Tables t = Tables.read(client);
    Devices devices = new Devices(mt.prop("config.hardware.device"));
    Set<String> present =
        devices.disks().stream().map(VCenterMapping::diskUuid).collect(Collectors.toSet());
    List<VirtualDisk> todo = disks.stream().filter(d -> !present.contains(d.uuid())).toList();
    if (todo.isEmpty()) {
      return 0;
    }
    String host = Xml.text(mt.prop("runtime.host"));
    for (VirtualDisk d : todo) {
      requireMounted(
          d.datastore(), host, t, "disk " + d.name() + " for master target " + masterTarget);
    }
    StringBuilder changes = new StringBuilder();
    Devices.Slots slots = devices.slots();
    for (VirtualDisk d : todo) {
      Devices.Slot slot = slots.next(changes);
      ObjectContent ds = t.byName(d.datastore());
      changes
          .append("<deviceChange><operation>add</operation>")
          .append("<device xsi:type=\"VirtualDisk\"><key>")
          .append(slots.nextKey())
          .append("</key>")
          .append("<backing xsi:type=\"VirtualDiskFlatVer2BackingInfo\">")
          .append(Xml.el("fileName", d.name()))
          .append(Xml.ref("datastore", ds.obj()))
          .append(Xml.el("diskMode", "persistent"));
      if (!d.uuid().equals(d.name())) {
        changes.append(Xml.el("uuid", d.uuid()));
      }
      changes
          .append("</backing>")
          .append(Xml.el("controllerKey", slot.controllerKey()))
          .append(Xml.el("unitNumber", slot.unit()))
          .append(Xml.el("capacityInKB", d.sizeBytes() / 1024))
          .append("</device></deviceChange>");
    }
    String now = client.currentTime().toString();
    for (VirtualDisk d : todo) {
      changes
          .append(
              VCenterMapping.extraConfigEntry(
                  VCenterSite.TAG + VCenterMapping.tagKey(d.uuid()), replicatedItem))
          .append(
              VCenterMapping.extraConfigEntry(
                  VCenterSite.ATTACHED_AT + VCenterMapping.tagKey(d.uuid()), now))
          .append(
              VCenterMapping.extraConfigEntry(
                  VCenterSite.ATTACHED_PATH + VCenterMapping.tagKey(d.uuid()), d.name()));
    }
    reconfigure(ref, changes.toString());
    return todo.size();
  }

  /**
   * Detaches the master target's disks with these UUIDs and empties their tags.
   *
   * @return how many were detached (0: none was attached)
   */
  int detach(MoRef ref, List<String> diskUuids) {
    tasks.followRunning("ReconfigVM_Task", ref);
    ObjectContent mt = client.properties(ref, "config.hardware.device");
    Set<String> wanted = Set.copyOf(diskUuids);
    StringBuilder changes = new StringBuilder();
    int n = 0;
    for (Element d : new Devices(mt.prop("config.hardware.device")).disks()) {
      String uuid = VCenterMapping.diskUuid(d);
      if (wanted.contains(uuid)) {
        changes
            .append("<deviceChange><operation>remove</operation><device xsi:type=\"VirtualDisk\">")
            .append(Xml.el("key", Xml.text(d, "key")))
            .append(Xml.el("controllerKey", Xml.text(d, "controllerKey")))
            .append(Xml.el("unitNumber", Xml.text(d, "unitNumber")))
            .append(Xml.el("capacityInKB", 0))
            .append("</device></deviceChange>");
        n++;
      }
    }
    if (n == 0) {
      return 0;
    }
    for (String uuid : diskUuids) {
      changes
          .append(
              VCenterMapping.extraConfigEntry(VCenterSite.TAG + VCenterMapping.tagKey(uuid), ""))
          .append(
              VCenterMapping.extraConfigEntry(
                  VCenterSite.ATTACHED_AT + VCenterMapping.tagKey(uuid), ""))
          .append(
              VCenterMapping.extraConfigEntry(
                  VCenterSite.ATTACHED_PATH + VCenterMapping.tagKey(uuid), ""));
    }
    reconfigure(ref, changes.toString());
    return n;
  }

  /** Fails with DATASTORE_NOT_ACCESSIBLE unless the host mounts the datastore (for forWhat). */
  void requireMounted(String datastore, String hostRef, Tables t, String forWhat) {
    ObjectContent ds = t.byName(datastore);
    String hostName = t.hostName(hostRef);
    if (ds == null) {
      throw new SiteException(
          Rule.DATASTORE_NOT_ACCESSIBLE,
          "datastore " + datastore + " (" + forWhat + ") is not known to vCenter " + vcenter);
    }
    ObjectContent h = client.properties(new MoRef("HostSystem", hostRef), "datastore");
    boolean mounted =
        Xml.children(h.prop("datastore")).stream()
            .anyMatch(e -> ds.obj().value().equals(Xml.text(e)));
    if (!mounted) {
      throw new SiteException(
          Rule.DATASTORE_NOT_ACCESSIBLE,
          "datastore " + datastore + " (" + forWhat + ") is not mounted on host " + hostName);
    }
  }

  private void reconfigure(MoRef vm, String specBody) {
    tasks.run("ReconfigVM_Task", vm, "<spec>" + specBody + "</spec>");
  }
}
