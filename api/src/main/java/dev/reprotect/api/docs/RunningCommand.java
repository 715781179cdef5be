package dev.reprotect.api.docs;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An operator's request to a running reprotection or plan (cancel, pause, resume): 403 for a
 * viewer, 404 for an unknown id, 409 when it is not running. (Its 202 stays on the method:
 * {@code @Status} cannot be composed.)
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@OperatorOnly
@NotFoundProblem
@ConflictProblem
public @interface RunningCommand {}
