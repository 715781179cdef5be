package dev.reprotect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** Calls to a running reprotect's HTTP API, as an operator with its token makes them. */
record ApiCalls(int port, String token) {

  static final ObjectMapper JSON = new ObjectMapper();

  HttpResponse<String> call(String method, String path, Object body) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(20))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json");
    request =
        body == null
            ? request.GET()
            : request.method(
                method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    return ShippedJarProcesses.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A GET that must answer 200, its JSON body as maps and lists. */
  Map<String, Object> read(String path) throws Exception {
    HttpResponse<String> response = call("GET", path, null);
    assertEquals(200, response.statusCode(), path + ": " + response.body());
    return JSON.readValue(response.body(), new TypeReference<>() {});
  }

  Map<String, Object> planStatus(String plan) throws Exception {
    return read("/api/v1/recovery-plans/" + plan + "/reprotection");
  }

  /** The sample inventory's placement of a good machine: vm-db-01 is Linux, the rest Windows. */
  static Map<String, Object> sampleMachine(String vm) {
    return vm.equals("vm-db-01")
        ? Map.of(
            "replicatedItem",
            vm,
            "masterTarget",
            "mt-lnx-01",
            "processServer",
            "ps-azure-01",
            "datastore",
            "vsan-01",
            "retentionDrive",
            "/mnt/retention")
        : Map.of(
            "replicatedItem",
            vm,
            "masterTarget",
            "mt-win-01",
            "processServer",
            "ps-azure-01",
            "datastore",
            "vmfs-01",
            "retentionDrive",
            "R:");
  }
}
