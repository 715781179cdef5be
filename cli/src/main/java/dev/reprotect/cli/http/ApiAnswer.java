package dev.reprotect.cli.http;

/** A successful API answer: its status and body (as sent, for --output json). */
public record ApiAnswer(int status, String body) {}
