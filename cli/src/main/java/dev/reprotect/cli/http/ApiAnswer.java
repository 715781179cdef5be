package dev.reprotect.cli.http;

import io.micronaut.core.annotation.Nullable;

/** A successful API answer: its status, body (as sent, for --output json) and Location header. */
public record ApiAnswer(int status, String body, @Nullable String location) {}
