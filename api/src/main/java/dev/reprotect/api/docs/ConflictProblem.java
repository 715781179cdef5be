package dev.reprotect.api.docs;

import dev.reprotect.api.problem.ProblemBody;
import io.micronaut.http.MediaType;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * OpenAPI only: the operation answers 409 problem+json when the workflow's state does not allow it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ApiResponse(
    responseCode = "409",
    description =
        "conflicts with the workflow's state: already running (a start; Location names the running one) or not running (cancel, pause, resume)",
    content =
        @Content(
            mediaType = MediaType.APPLICATION_JSON_PROBLEM,
            schema = @Schema(implementation = ProblemBody.class)))
public @interface ConflictProblem {}
