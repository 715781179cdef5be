package dev.reprotect.api.security;

/**
 * Who may do what, by the JWT's {@code roles} claim: a {@link #VIEWER} reads everything (dry runs
 * and placement included: they change nothing); an {@link #OPERATOR} may also start, cancel, pause
 * and resume. The static API token and a JWT without a {@code roles} claim are operators.
 */
public final class Roles {

  public static final String VIEWER = "VIEWER";
  public static final String OPERATOR = "OPERATOR";

  private Roles() {}
}
