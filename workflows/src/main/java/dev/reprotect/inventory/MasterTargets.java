package dev.reprotect.inventory;

import java.util.List;

/** The on-premises site's master targets, by name. */
public record MasterTargets(List<MasterTargetInfo> items) {}
