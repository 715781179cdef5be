package dev.reprotect.plan;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.reprotect.reprotect.RecoveryLocation;
import java.util.List;

/**
 * What placement chose one machine's values for, the values themselves being in the machine's
 * request: the location, and which values the request gave. Written as a JSON array (about 25
 * bytes): the plan's input once repeated every placed value (185 bytes a machine, P7).
 */
@JsonFormat(shape = JsonFormat.Shape.ARRAY)
@JsonPropertyOrder({"recoveryLocation", "given"})
public record PlacedFor(RecoveryLocation recoveryLocation, List<String> given) {}
