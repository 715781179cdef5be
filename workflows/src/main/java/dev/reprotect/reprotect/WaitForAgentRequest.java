package dev.reprotect.reprotect;

/** Wait until the replica's agent has registered with the configuration server. */
public record WaitForAgentRequest(String replicatedItem) {}
