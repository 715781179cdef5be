package dev.reprotect.api;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.info.License;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's header; micronaut-openapi writes the document at compile time to {@code
 * META-INF/swagger/reprotect-v1.yml}.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "reprotect",
            version = "v1",
            description =
                "Reprotect VMs failed over to Azure back to on-premises, as durable Temporal workflows.",
            license = @License(name = "Apache-2.0")),
    security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
    name = "bearer",
    type = SecuritySchemeType.HTTP,
    scheme = "bearer",
    bearerFormat = "JWT or API token")
public final class ApiDocumentation {
  private ApiDocumentation() {}
}
