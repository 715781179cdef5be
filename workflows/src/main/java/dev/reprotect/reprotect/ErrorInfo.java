package dev.reprotect.reprotect;

import dev.reprotect.rules.Violation;
import java.util.List;

/**
 * Why a reprotection failed: the rule (null only for a fault that names no rule), what is wrong,
 * the fix, the step it failed in, and every violation when validation found several.
 */
public record ErrorInfo(String rule, String message, String fix, Step step, List<Violation> violations) {}
