package dev.reprotect.api.capacity;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.reprotect.inventory.OsType;
import io.micronaut.serde.annotation.Serdeable;
import java.util.Map;

/**
 * A master target's disk slots.
 *
 * @param capacity disks it may hold at once (60)
 * @param held slots taken by disks that stay attached (protected machines, disks found on the site)
 * @param reserved slots reserved by reprotections in flight
 * @param free slots neither held nor reserved
 * @param leftBehind disks left attached by reprotections that no longer run (terminated, or an undo
 *     that could not detach), by replicated item: what is left and the fix; counted in held
 */
@Serdeable
@JsonInclude(JsonInclude.Include.ALWAYS)
public record MasterTargetView(
    String name,
    OsType osType,
    int capacity,
    int held,
    int reserved,
    int free,
    Map<String, String> leftBehind) {}
