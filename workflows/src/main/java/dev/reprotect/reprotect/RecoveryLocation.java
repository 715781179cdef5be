package dev.reprotect.reprotect;

/**
 * Where the VM comes back. ORIGINAL writes to the existing on-premises VMDKs; ALTERNATE (the
 * on-premises VM was deleted) creates a new VM on the master target's ESXi host, with new disks on
 * the chosen datastore.
 */
public enum RecoveryLocation {
  ORIGINAL,
  ALTERNATE
}
