package dev.reprotect.api.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Mints a JWT the API accepts: HS256, signed with the same secret the server is given ({@code
 * MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_SECRET_GENERATOR_SECRET}, at least 32 characters), or
 * read from the file named by {@code REPROTECT_JWT_SECRET_FILE}.
 *
 * <pre>
 * export MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_SECRET_GENERATOR_SECRET=$(openssl rand -base64 48)
 * java -jar deploy/target/reprotect.jar &amp;
 * TOKEN=$(java -cp deploy/target/reprotect.jar dev.reprotect.api.security.MintToken sre-alice 60)
 * VIEWER=$(java -cp deploy/target/reprotect.jar dev.reprotect.api.security.MintToken auditor 60 VIEWER)
 * </pre>
 *
 * Arguments: the subject (default {@code reprotect-cli}), the lifetime in minutes (default 60) and
 * the roles, comma-separated ({@code VIEWER} or {@code OPERATOR}; none: no {@code roles} claim,
 * which the API takes for an operator). Prints only the token.
 */
public final class MintToken {

  static final String SECRET_ENV =
      "MICRONAUT_SECURITY_TOKEN_JWT_SIGNATURES_SECRET_GENERATOR_SECRET";
  static final String SECRET_FILE_ENV = "REPROTECT_JWT_SECRET_FILE";

  private MintToken() {}

  public static void main(String[] args) throws IOException {
    String subject = args.length > 0 ? args[0] : "reprotect-cli";
    long minutes = args.length > 1 ? Long.parseLong(args[1]) : 60;
    List<String> roles = args.length > 2 ? List.of(args[2].split(",")) : null;
    String secret = System.getenv(SECRET_ENV);
    String file = System.getenv(SECRET_FILE_ENV);
    if ((secret == null || secret.isBlank()) && file != null && !file.isBlank()) {
      secret = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
    }
    if (secret == null || secret.isBlank()) {
      System.err.println(
          "Set " + SECRET_ENV + " (or " + SECRET_FILE_ENV + ") to the secret the server uses.");
      System.exit(2);
    }
    System.out.println(mint(secret, subject, roles, Duration.ofMinutes(minutes), Instant.now()));
  }

  /**
   * A compact HS256 JWT for {@code subject}, valid from {@code now} for {@code lifetime}, no roles
   * claim.
   */
  public static String mint(String secret, String subject, Duration lifetime, Instant now) {
    return mint(secret, subject, null, lifetime, now);
  }

  /**
   * The same with a {@code roles} claim ({@link Roles#VIEWER}, {@link Roles#OPERATOR}); null leaves
   * the claim out.
   */
  public static String mint(
      String secret, String subject, List<String> roles, Duration lifetime, Instant now) {
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    if (key.length < 32) {
      throw new IllegalArgumentException("the JWT secret must be at least 32 characters");
    }
    try {
      JWTClaimsSet.Builder claims =
          new JWTClaimsSet.Builder()
              .subject(subject)
              .issuer("reprotect")
              .issueTime(Date.from(now))
              .notBeforeTime(Date.from(now))
              .expirationTime(Date.from(now.plus(lifetime)));
      if (roles != null) {
        claims.claim("roles", roles);
      }
      SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
      jwt.sign(new MACSigner(key));
      return jwt.serialize();
    } catch (JOSEException e) {
      throw new IllegalStateException("cannot sign the token: " + e.getMessage(), e);
    }
  }
}
