package dev.reprotect.api;

import dev.reprotect.api.support.Http;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import jakarta.inject.Inject;

/** An API test over real HTTP: the test server's client, and {@link Http} to call it with. */
abstract class OverHttp {

  @Inject
  @Client("/")
  HttpClient client;

  Http http() {
    return new Http(client);
  }
}
