package dev.reprotect.api.docs;

import dev.reprotect.api.problem.ProblemBody;
import dev.reprotect.api.security.Roles;
import io.micronaut.http.MediaType;
import io.micronaut.security.annotation.Secured;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write: only an {@link Roles#OPERATOR} may call it ({@link Secured}); anyone else authenticated
 * (a {@link Roles#VIEWER}) gets 403 problem+json, which the OpenAPI document says.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Secured(Roles.OPERATOR)
@ApiResponse(
    responseCode = "403",
    description =
        "a viewer's write: only the OPERATOR role (the static token, a JWT with"
            + " roles [\"OPERATOR\"] or without a roles claim) may start, cancel, pause and resume",
    content =
        @Content(
            mediaType = MediaType.APPLICATION_JSON_PROBLEM,
            schema = @Schema(implementation = ProblemBody.class)))
public @interface OperatorOnly {}
