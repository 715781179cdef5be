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
 * OpenAPI only: every operation of the annotated controller may answer 400 (malformed or unknown
 * input) and 401 (no or bad credentials) as problem+json. Method annotations add 404, 409, 422.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ApiResponse(
    responseCode = "400",
    description = "malformed or unknown input: no rule; violations list the bad fields",
    content =
        @Content(
            mediaType = MediaType.APPLICATION_JSON_PROBLEM,
            schema = @Schema(implementation = ProblemBody.class)))
@ApiResponse(
    responseCode = "401",
    description = "no or bad credentials",
    content =
        @Content(
            mediaType = MediaType.APPLICATION_JSON_PROBLEM,
            schema = @Schema(implementation = ProblemBody.class)))
public @interface ApiProblems {}
