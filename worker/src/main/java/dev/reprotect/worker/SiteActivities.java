package dev.reprotect.worker;

import java.util.List;

/**
 * The activity implementations of the configured site adapter (simulated by default), ready to
 * register on the worker.
 *
 * @param adapter the adapter's name, for logs and health
 */
public record SiteActivities(String adapter, List<Object> implementations) {}
