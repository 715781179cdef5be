package dev.reprotect.inventory;

/** The guest OS family: a master target must run the VM's. */
public enum OsType {
  WINDOWS,
  LINUX
}
