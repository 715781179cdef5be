"""ApiFuzzIT's own check, beside schemathesis's: every 4xx is application/problem+json (RFC 9457)."""
import schemathesis


@schemathesis.check
def client_errors_are_problem_json(ctx, response, case):
    if 400 <= response.status_code < 500:
        content_type = response.headers.get("content-type", [""])
        if isinstance(content_type, list):
            content_type = content_type[0] if content_type else ""
        if not content_type.startswith("application/problem+json"):
            raise AssertionError(
                f"{response.status_code} answered {content_type or 'no content type'},"
                " not application/problem+json")
