package dev.reprotect.reprotect;

/**
 * What a step activity did.
 *
 * @param detail what it found or changed, for the status and the history, e.g. "merged 2 snapshots"
 * @param attempt the attempt that succeeded (1 when no retry was needed)
 */
public record StepResult(String detail, int attempt) {}
