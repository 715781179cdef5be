package dev.reprotect.api.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.reprotect.api.support.Http;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The README's way to mint a token: what it mints is accepted, until it expires. */
@MicronautTest
class MintTokenTest {

  static final String SECRET = "reprotect-test-secret-0123456789-abcdefghij";

  @Inject
  @Client("/")
  HttpClient client;

  @Test
  void givenAMintedToken_whenCallingTheApi_itShouldAnswer200() {
    String token = MintToken.mint(SECRET, "sre-alice", Duration.ofMinutes(5), Instant.now());
    assertEquals(
        200,
        new Http(client).send(HttpRequest.GET("/api/v1/reprotections").bearerAuth(token)).status());
  }

  @Test
  void givenAnExpiredMintedToken_whenCallingTheApi_itShouldAnswer401() {
    String token =
        MintToken.mint(
            SECRET, "sre-alice", Duration.ofMinutes(5), Instant.now().minus(Duration.ofHours(1)));
    assertEquals(
        401,
        new Http(client).send(HttpRequest.GET("/api/v1/reprotections").bearerAuth(token)).status());
  }

  @Test
  void givenAShortSecret_itIsRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> MintToken.mint("short", "x", Duration.ofMinutes(1), Instant.now()));
  }
}
