package dev.reprotect.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.reprotect.api.support.Http;
import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import org.junit.jupiter.api.Test;

@MicronautTest
class SecurityTest extends OverHttp {

  static final String SECRET = "reprotect-test-secret-0123456789-abcdefghij";

  @Test
  void givenNoToken_whenCallingTheApi_itShouldAnswer401Problem() {
    Http.Answer answer = http().send(HttpRequest.GET("/api/v1/reprotections"));
    assertEquals(401, answer.status());
    assertEquals("application/problem+json", answer.contentType());
    assertEquals("https://reprotect.dev/problems/unauthorized", answer.json().get("type").asText());
    assertEquals(401, answer.json().get("status").asInt());
  }

  @Test
  void givenNoToken_whenReadingAStatus_itShouldAnswer401ProblemFromTheNonBlockingEndpointToo() {
    Http.Answer answer = http().send(HttpRequest.GET("/api/v1/reprotections/reprotect-vm-web-01"));
    assertEquals(401, answer.status());
    assertEquals("application/problem+json", answer.contentType());
  }

  @Test
  void givenABadToken_whenCallingTheApi_itShouldAnswer401Problem() {
    Http.Answer answer =
        http().send(HttpRequest.GET("/api/v1/reprotections").bearerAuth("not-the-token"));
    assertEquals(401, answer.status());
    assertEquals("application/problem+json", answer.contentType());
  }

  @Test
  void givenTheStaticToken_whenCallingTheApi_itShouldAnswer200() {
    Http.Answer answer =
        http().send(HttpRequest.GET("/api/v1/reprotections").bearerAuth(Http.TOKEN));
    assertEquals(200, answer.status());
    assertTrue(answer.json().has("items"));
  }

  @Test
  void givenAJwtSignedWithTheSecret_whenCallingTheApi_itShouldAnswer200() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject("ops")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .build());
    jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
    Http.Answer answer =
        http().send(HttpRequest.GET("/api/v1/reprotections").bearerAuth(jwt.serialize()));
    assertEquals(200, answer.status());
  }

  @Test
  void givenAJwtSignedWithAnotherSecret_whenCallingTheApi_itShouldAnswer401() throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader(JWSAlgorithm.HS256),
            new JWTClaimsSet.Builder()
                .subject("ops")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .build());
    jwt.sign(
        new MACSigner(
            "another-secret-0123456789-abcdefghijklmnop".getBytes(StandardCharsets.UTF_8)));
    Http.Answer answer =
        http().send(HttpRequest.GET("/api/v1/reprotections").bearerAuth(jwt.serialize()));
    assertEquals(401, answer.status());
  }

  @Test
  void givenNoToken_whenCallingHealth_itShouldAnswer200() {
    Http.Answer answer = http().send(HttpRequest.GET("/health"));
    assertEquals(200, answer.status());
  }
}
