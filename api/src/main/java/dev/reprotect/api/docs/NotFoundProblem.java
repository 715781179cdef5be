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

/** OpenAPI only: the operation answers 404 problem+json for an unknown id. */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@ApiResponse(
    responseCode = "404",
    description = "unknown id: nothing of that name was started",
    content =
        @Content(
            mediaType = MediaType.APPLICATION_JSON_PROBLEM,
            schema = @Schema(implementation = ProblemBody.class)))
public @interface NotFoundProblem {}
