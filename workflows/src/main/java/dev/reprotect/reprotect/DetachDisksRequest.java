package dev.reprotect.reprotect;

/** Compensation: detach from the master target every disk attached for this VM (files kept). */
public record DetachDisksRequest(String replicatedItem, String masterTarget) {}
