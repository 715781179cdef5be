package dev.reprotect.api.security;

import dev.reprotect.api.docs.ApiProblems;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.security.authentication.Authentication;
import io.swagger.v3.oas.annotations.Operation;
import java.util.List;

/** Beyond the contract: who the presented token is, and whether it may act or only read. */
@ApiProblems
@Controller("/api/v1/me")
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class CallerController {

  @Operation(
      operationId = "whoAmI",
      summary =
          "Beyond the contract: the caller's name (as actions record it), roles, and whether it may act")
  @Get
  public Caller me(Authentication authentication) {
    List<String> roles = List.copyOf(authentication.getRoles());
    return new Caller(Requesters.of(authentication), roles, roles.contains(Roles.OPERATOR));
  }
}
