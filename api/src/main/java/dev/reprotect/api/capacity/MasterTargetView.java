package dev.reprotect.api.capacity;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.inventory.OsType;
import io.micronaut.serde.annotation.Serdeable;

/**
 * A master target's disk slots.
 *
 * @param capacity disks it may hold at once (60)
 * @param held slots taken by disks that stay attached (protected machines, disks found on the site)
 * @param reserved slots reserved by reprotections in flight
 * @param free slots neither held nor reserved
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MasterTargetView(String name, OsType osType, int capacity, int held, int reserved, int free) {}
