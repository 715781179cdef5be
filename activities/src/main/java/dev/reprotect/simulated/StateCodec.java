package dev.reprotect.simulated;

import com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.reprotect.simulated.SiteState.MasterTargetState;
import dev.reprotect.simulated.SiteState.ProcessServerState;
import dev.reprotect.simulated.SiteState.ReplicaState;
import dev.reprotect.simulated.SiteState.VCenterState;
import dev.reprotect.simulated.SiteState.VmState;
import dev.reprotect.site.AzureSide.NetworkPaths;
import dev.reprotect.site.OnPremSite.Datastore;
import dev.reprotect.site.OnPremSite.Host;
import java.io.IOException;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The simulated site's whole state as JSON and back, for sharing one site between processes ({@link
 * SharedStateSite}). Fields are read directly, so the state holders need no accessors.
 */
final class StateCodec {

  private static final ObjectMapper JSON =
      JsonMapper.builder()
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .visibility(PropertyAccessor.ALL, Visibility.NONE)
          .visibility(PropertyAccessor.FIELD, Visibility.ANY)
          .visibility(PropertyAccessor.CREATOR, Visibility.ANY)
          .build();

  private StateCodec() {}

  /** What a state file holds: everything that changes, plus the start instant. */
  private static final class Document {
    Instant wallStart;
    Map<String, VCenterState> vcenters;
    Map<String, Host> hosts;
    Map<String, Datastore> datastores;
    Map<String, VmState> vms;
    Map<String, MasterTargetState> masterTargets;
    Map<String, ProcessServerState> processServers;
    Map<String, ReplicaState> replicas;
    Map<String, int[]> sideEffects;
    boolean configServerReachable;
    NetworkPaths network;
    Set<Integer> closedPorts;
  }

  static String write(SiteState state) {
    Document d = new Document();
    d.wallStart = state.wallStart;
    d.vcenters = state.vcenters;
    d.hosts = state.hosts;
    d.datastores = state.datastores;
    d.vms = state.vms;
    d.masterTargets = state.masterTargets;
    d.processServers = state.processServers;
    d.replicas = state.replicas;
    // Sorted, so an unchanged state writes the same text (the shared file compares texts).
    d.sideEffects = new TreeMap<>(state.sideEffects);
    d.configServerReachable = state.configServerReachable;
    d.network = state.network;
    d.closedPorts = new TreeSet<>(state.closedPorts);
    try {
      return JSON.writeValueAsString(d);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot write the simulated site's state: " + e.getMessage(), e);
    }
  }

  /** Replaces everything in {@code state} by what {@code json} holds. */
  static void read(String json, SiteState state) {
    Document d;
    try {
      d = JSON.readValue(json, Document.class);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the simulated site's state: " + e.getMessage(), e);
    }
    state.wallStart = d.wallStart;
    replace(state.vcenters, d.vcenters);
    replace(state.hosts, d.hosts);
    replace(state.datastores, d.datastores);
    replace(state.vms, d.vms);
    replace(state.masterTargets, d.masterTargets);
    replace(state.processServers, d.processServers);
    replace(state.replicas, d.replicas);
    replace(state.sideEffects, d.sideEffects);
    state.configServerReachable = d.configServerReachable;
    state.network = d.network;
    state.closedPorts = d.closedPorts == null ? Set.of() : Set.copyOf(d.closedPorts);
  }

  private static <V> void replace(Map<String, V> target, Map<String, V> source) {
    target.clear();
    if (source != null) {
      target.putAll(source);
    }
  }
}
