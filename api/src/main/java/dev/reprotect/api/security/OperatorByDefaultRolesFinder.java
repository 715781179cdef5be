package dev.reprotect.api.security;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.security.token.DefaultRolesFinder;
import io.micronaut.security.token.config.TokenConfiguration;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * A JWT's roles: its {@code roles} claim as given; a JWT without that claim is an operator, as
 * tokens minted before roles existed were (a claim present but empty gives no role: read only).
 */
@Singleton
@Replaces(DefaultRolesFinder.class)
public class OperatorByDefaultRolesFinder extends DefaultRolesFinder {

  private final String rolesClaim;

  public OperatorByDefaultRolesFinder(TokenConfiguration tokenConfiguration) {
    super(tokenConfiguration);
    this.rolesClaim = tokenConfiguration.getRolesName();
  }

  @Override
  public List<String> resolveRoles(Map<String, Object> claims) {
    if (claims == null || !claims.containsKey(rolesClaim)) {
      return List.of(Roles.OPERATOR);
    }
    return super.resolveRoles(claims);
  }
}
