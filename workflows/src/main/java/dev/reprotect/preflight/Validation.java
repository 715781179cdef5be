package dev.reprotect.preflight;

import dev.reprotect.rules.Violation;
import java.util.List;

/**
 * A passed VALIDATE step: what it resolved, the warnings it found (they never block), and the
 * attempt that passed.
 */
public record Validation(ResolvedTarget target, List<Violation> warnings, int attempt) {}
