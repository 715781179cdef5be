package dev.reprotect.vcenter;

import dev.reprotect.vcenter.Vim25Client.ObjectContent;
import java.util.HashMap;
import java.util.Map;

/** The datastores and host names, read once per operation. */
record Tables(Map<String, ObjectContent> datastores, Map<String, String> hosts) {

  static Tables read(Vim25Client client) {
    Map<String, ObjectContent> ds = new HashMap<>();
    for (ObjectContent d :
        client.all("Datastore", "name", "summary.type", "summary.capacity", "host")) {
      ds.put(d.obj().value(), d);
    }
    Map<String, String> hosts = new HashMap<>();
    for (ObjectContent h : client.all("HostSystem", "name")) {
      hosts.put(h.obj().value(), h.text("name"));
    }
    return new Tables(ds, hosts);
  }

  String hostName(String ref) {
    return ref == null ? null : hosts.getOrDefault(ref, ref);
  }

  ObjectContent byName(String name) {
    return datastores.values().stream()
        .filter(d -> name.equals(d.text("name")))
        .findFirst()
        .orElse(null);
  }
}
