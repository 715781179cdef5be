package dev.reprotect.simulated;

import dev.reprotect.site.OnPremSite.PowerState;
import java.util.Map;
import java.util.function.Consumer;

/**
 * How a simulated site breaks while a reprotection runs: the hooks tests use (not on the ports, and
 * not in the product). Each locks the site, as its own methods do. Other modules' tests reach these
 * through the activities test-jar.
 */
public final class SiteFaults {

  private final SimulatedSite site;

  private SiteFaults(SimulatedSite site) {
    this.site = site;
  }

  public static SiteFaults of(SimulatedSite site) {
    return new SiteFaults(site);
  }

  /** Someone powers the on-premises VM on (breaks ONPREM_VM_POWERED_ON during sync). */
  public void powerOn(String vm) {
    change(site.state().vms, vm, "VM", state -> state.power = PowerState.POWERED_ON);
  }

  /** Someone Storage-vMotions a master target: its attached disks move (MT_STORAGE_VMOTIONED). */
  public void storageVMotion(String masterTarget) {
    change(site.state().masterTargets, masterTarget, "master target", mt -> mt.vmotioned = true);
  }

  public void disconnectVCenter(String name) {
    vcenter(name, false);
  }

  public void reconnectVCenter(String name) {
    vcenter(name, true);
  }

  private void vcenter(String name, boolean connected) {
    change(site.state().vcenters, name, "vCenter", vc -> vc.connected = connected);
  }

  /** Changes one named object of the site under its lock; a name it lacks is a test's mistake. */
  private <T> void change(Map<String, T> objects, String name, String kind, Consumer<T> how) {
    synchronized (site) {
      T object = objects.get(name);
      if (object == null) {
        throw new IllegalArgumentException("no " + kind + " " + name);
      }
      how.accept(object);
    }
  }

  public void disconnectConfigServer() {
    synchronized (site) {
      site.state().configServerReachable = false;
    }
  }

  public void reconnectConfigServer() {
    synchronized (site) {
      site.state().configServerReachable = true;
    }
  }

  public void disconnectProcessServer(String name) {
    processServer(name, false);
  }

  public void reconnectProcessServer(String name) {
    processServer(name, true);
  }

  private void processServer(String name, boolean heartbeat) {
    change(site.state().processServers, name, "process server", ps -> ps.heartbeat = heartbeat);
  }
}
