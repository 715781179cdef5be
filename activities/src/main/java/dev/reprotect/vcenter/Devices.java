package dev.reprotect.vcenter;

import dev.reprotect.site.OnPremSite.ScsiController;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.w3c.dom.Element;

/** A VM's {@code config.hardware.device}: its disks, SCSI controllers and free slots. */
final class Devices {

  private static final Map<String, ScsiController> SCSI =
      Map.of(
          "VirtualLsiLogicController", ScsiController.LSI_LOGIC,
          "VirtualLsiLogicSASController", ScsiController.LSI_LOGIC_SAS,
          "ParaVirtualSCSIController", ScsiController.PARAVIRTUAL,
          "VirtualBusLogicController", ScsiController.LSI_LOGIC);

  private final List<Element> all;

  Devices(Element array) {
    this.all = Xml.children(array);
  }

  List<Element> disks() {
    return all.stream().filter(d -> "VirtualDisk".equals(Xml.xsiType(d))).toList();
  }

  private List<Element> controllers() {
    return all.stream().filter(d -> SCSI.containsKey(Xml.xsiType(d))).toList();
  }

  /** The first SCSI controller's type (the one the master target's disks hang on); null if none. */
  ScsiController scsiController() {
    return controllers().stream()
        .min(
            (a, b) -> Integer.compare(num(Xml.text(a, "busNumber")), num(Xml.text(b, "busNumber"))))
        .map(c -> SCSI.get(Xml.xsiType(c)))
        .orElse(null);
  }

  record Slot(int controllerKey, int unit) {}

  Slots slots() {
    return new Slots();
  }

  /** Hands out free (controller, unit) pairs, adding LSI Logic controllers when all are full. */
  final class Slots {
    private final List<int[]> controllers = new ArrayList<>(); // {key, busNumber}
    private final Map<Integer, Set<Integer>> used = new HashMap<>();
    private int nextKey = -200;

    Slots() {
      for (Element c : controllers()) {
        controllers.add(new int[] {num(Xml.text(c, "key")), num(Xml.text(c, "busNumber"))});
      }
      for (Element d : all) {
        String ck = Xml.text(d, "controllerKey");
        String unit = Xml.text(d, "unitNumber");
        if (ck != null && unit != null) {
          used.computeIfAbsent(num(ck), k -> new HashSet<>()).add(num(unit));
        }
      }
    }

    int nextKey() {
      return nextKey--;
    }

    /** The next free slot; appends a controller's deviceChange to {@code changes} when needed. */
    Slot next(StringBuilder changes) {
      for (int[] c : controllers) {
        Set<Integer> u = used.computeIfAbsent(c[0], k -> new HashSet<>());
        for (int unit = 0; unit < 16; unit++) {
          if (unit != 7 && !u.contains(unit)) {
            u.add(unit);
            return new Slot(c[0], unit);
          }
        }
      }
      Set<Integer> buses = new HashSet<>();
      controllers.forEach(c -> buses.add(c[1]));
      int bus = 0;
      while (buses.contains(bus)) {
        bus++;
      }
      if (bus > 3) {
        throw new VimFault(
            "TooManyDevices", "no free SCSI slot left (4 controllers of 15 disks)", null);
      }
      int key = nextKey();
      controllers.add(new int[] {key, bus});
      changes
          .append(
              "<deviceChange><operation>add</operation><device xsi:type=\"VirtualLsiLogicController\">")
          .append(Xml.el("key", key))
          .append(Xml.el("busNumber", bus))
          .append("<sharedBus>noSharing</sharedBus></device></deviceChange>");
      return next(changes);
    }
  }

  private static int num(String s) {
    try {
      return s == null ? 0 : Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
