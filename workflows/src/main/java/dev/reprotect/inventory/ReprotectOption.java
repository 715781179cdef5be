package dev.reprotect.inventory;

import dev.reprotect.rules.Rule;
import java.util.List;
import javax.annotation.Nullable;

/**
 * One choice in the Reprotect dialog, with the rules that make it ineligible.
 *
 * @param masterTarget for a retention drive, the master target it belongs to; else null
 */
public record ReprotectOption(
    String name, boolean eligible, List<Rule> rules, @Nullable String masterTarget) {}
