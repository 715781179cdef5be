package dev.reprotect.simulated;

import dev.reprotect.site.OnPremSite.PowerState;

/**
 * How a simulated site breaks while a reprotection runs: the hooks tests use (not on the ports,
 * and not in the product). Each locks the site, as its own methods do. Other modules' tests reach
 * these through the activities test-jar.
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
    synchronized (site) {
      var state = site.state().vms.get(vm);
      if (state == null) {
        throw new IllegalArgumentException("no VM " + vm);
      }
      state.power = PowerState.POWERED_ON;
    }
  }

  /** Someone Storage-vMotions a master target: its attached disks move (MT_STORAGE_VMOTIONED). */
  public void storageVMotion(String masterTarget) {
    synchronized (site) {
      var mt = site.state().masterTargets.get(masterTarget);
      if (mt == null) {
        throw new IllegalArgumentException("no master target " + masterTarget);
      }
      mt.vmotioned = true;
    }
  }

  public void disconnectVCenter(String name) {
    vcenter(name, false);
  }

  public void reconnectVCenter(String name) {
    vcenter(name, true);
  }

  private void vcenter(String name, boolean connected) {
    synchronized (site) {
      var vc = site.state().vcenters.get(name);
      if (vc == null) {
        throw new IllegalArgumentException("no vCenter " + name);
      }
      vc.connected = connected;
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
    synchronized (site) {
      var ps = site.state().processServers.get(name);
      if (ps == null) {
        throw new IllegalArgumentException("no process server " + name);
      }
      ps.heartbeat = heartbeat;
    }
  }
}
