package dev.reprotect.api.dashboard;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.swagger.v3.oas.annotations.Hidden;
import java.net.URI;

/**
 * {@code /} leads to the dashboard. The dashboard itself is static (classpath {@code dashboard/},
 * mapped to {@code /dashboard/**} by micronaut.router.static-resources) and calls {@code /api/v1}
 * with the token the browser holds.
 */
@Hidden
@Controller
@Requires(property = "reprotect.api.enabled", notEquals = "false")
public class DashboardRedirectController {

  public static final String DASHBOARD = "/dashboard/";

  /** Any Accept: a browser asks for text/html, which a JSON-only route would refuse with 406. */
  @Get(produces = MediaType.ALL)
  public HttpResponse<Void> root() {
    return HttpResponse.seeOther(URI.create(DASHBOARD));
  }
}
