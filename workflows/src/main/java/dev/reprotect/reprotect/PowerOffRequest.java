package dev.reprotect.reprotect;

/** Power off the on-premises VM; it stays off. */
public record PowerOffRequest(String replicatedItem, String onPremVm) {}
