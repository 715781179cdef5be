package dev.reprotect.asr;

import com.fasterxml.jackson.databind.JsonNode;
import dev.reprotect.asr.ArmClient.Response;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Site Recovery's long-running operations and jobs: an accepted POST (202) is followed through its
 * Azure-AsyncOperation ({@code replicationOperationStatus/{id}}: status InProgress, Succeeded,
 * Failed, Canceled) or, without one, its Location (202 while running), waiting each response's
 * Retry-After; the replicated item's {@code currentScenario.jobId} names the job
 * ({@code replicationJobs/{j}}: state, tasks[], errors[]) whose progress is reported meanwhile.
 */
final class AsrOperations {

  private static final Logger LOG = LoggerFactory.getLogger(AsrOperations.class);

  private final AsrSettings settings;
  private final ArmClient arm;
  private final Clock clock;
  private final Consumer<String> onJobProgress;
  private final Function<String, Optional<JsonNode>> protectedItem;

  AsrOperations(AsrSettings settings, ArmClient arm, Clock clock, Consumer<String> onJobProgress,
      Function<String, Optional<JsonNode>> protectedItem) {
    this.settings = settings;
    this.arm = arm;
    this.clock = clock;
    this.onJobProgress = onJobProgress;
    this.protectedItem = protectedItem;
  }

  /**
   * Follows an accepted operation through Azure-AsyncOperation (else Location) until it ends or the
   * window closes, reporting the item's current job; a failed operation throws its job's first
   * error, mapped. A window that closes first leaves the rest to SYNCHRONIZE.
   */
  void follow(String what, String item, Response accepted, Duration window) {
    if (accepted.status() != 202) {
      return; // 200: done at once
    }
    String async = accepted.header("Azure-AsyncOperation").orElse(null);
    String location = accepted.header("Location").orElse(null);
    if (async == null && location == null) {
      return;
    }
    Instant deadline = clock.instant().plus(window);
    Response last = accepted;
    String jobId = null;
    while (true) {
      pause(last.header("Retry-After").flatMap(ArmClient::parseRetryAfter).orElse(settings.pollInterval()));
      if (jobId == null) {
        jobId = currentJobId(item);
      }
      JsonNode job = jobId == null ? null : job(jobId);
      if (job != null) {
        onJobProgress.accept(describeJob(job));
      }
      String status;
      JsonNode opError = null;
      if (async != null) {
        last = arm.get(async);
        if (!last.ok() || last.body() == null) {
          throw failure(what + " (operation status)", last);
        }
        status = text(last.body(), "status");
        opError = last.body().get("error");
      } else {
        last = arm.get(location);
        status = last.status() == 202 ? "InProgress" : last.ok() ? "Succeeded" : "Failed";
        opError = last.body() == null ? null : last.body().get("error");
      }
      if ("Succeeded".equalsIgnoreCase(status)) {
        if (jobId != null) {
          JsonNode done = job(jobId);
          if (done != null) {
            onJobProgress.accept(describeJob(done));
          }
        }
        LOG.info("{}: {} succeeded", item, what);
        return;
      }
      if ("Failed".equalsIgnoreCase(status) || "Canceled".equalsIgnoreCase(status) || "Cancelled".equalsIgnoreCase(status)) {
        JsonNode failedJob = jobId == null ? null : job(jobId);
        AsrError error = failedJob == null ? null : firstError(failedJob);
        if (error == null && opError != null && opError.isObject()) {
          error = new AsrError(text(opError, "code"), text(opError, "message"), text(opError, "possibleCauses"),
              text(opError, "recommendedAction"));
        }
        throw AsrErrors.toException(what, error == null ? new AsrError(status, "the operation ended " + status, null, null) : error);
      }
      if (!clock.instant().isBefore(deadline)) {
        LOG.info("{}: {} still {} after {}; synchronization follows the rest", item, what, status, window);
        return;
      }
    }
  }

  /** The job of the item's current scenario; null when there is none. */
  JsonNode currentJob(JsonNode properties) {
    String jobId = jobIdOf(properties);
    return jobId == null ? null : job(jobId);
  }

  private String currentJobId(String item) {
    return protectedItem.apply(item).map(i -> jobIdOf(i.path("properties"))).orElse(null);
  }

  /** currentScenario.jobId, unless the scenario is "None" (ASR then names the job "None"). */
  private static String jobIdOf(JsonNode properties) {
    JsonNode scenario = properties.path("currentScenario");
    String name = text(scenario, "scenarioName");
    String jobId = text(scenario, "jobId");
    if (name == null || "None".equalsIgnoreCase(name) || jobId == null || jobId.endsWith("/None")) {
      return null;
    }
    return jobId;
  }

  private JsonNode job(String jobId) {
    Response r = arm.get(jobId);
    if (r.status() == 404) {
      return null;
    }
    if (!r.ok()) {
      throw failure("read job " + jobId, r);
    }
    return r.body();
  }

  /** "Site Recovery job Reprotect InProgress: Prerequisites check [Succeeded], Start replication [InProgress]" */
  static String describeJob(JsonNode job) {
    JsonNode p = job.path("properties");
    StringBuilder b = new StringBuilder("Site Recovery job ")
        .append(firstNonNull(text(p, "friendlyName"), text(p, "scenarioName"), job.path("name").asText()))
        .append(' ').append(text(p, "state")).append(':');
    String sep = " ";
    for (JsonNode task : p.path("tasks")) {
      b.append(sep).append(firstNonNull(text(task, "friendlyName"), text(task, "name"), "task"))
          .append(" [").append(text(task, "state")).append(']');
      sep = ", ";
    }
    return b.toString();
  }

  /** A failed task's first error, else the job's. */
  static AsrError firstError(JsonNode job) {
    for (JsonNode task : job.path("properties").path("tasks")) {
      if (task.path("errors").size() > 0) {
        return AsrError.fromJobError(task.path("errors").get(0));
      }
    }
    JsonNode errors = job.path("properties").path("errors");
    return errors.size() > 0 ? AsrError.fromJobError(errors.get(0)) : null;
  }

  private void pause(Duration d) {
    try {
      Thread.sleep(Math.max(1, Math.min(d.toMillis(), settings.maxRetryAfter().toMillis())));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while following a Site Recovery operation", e);
    }
  }

  private RuntimeException failure(String what, Response r) {
    AsrError error = r.body() == null ? null : AsrError.fromArmBody(r.body());
    return AsrErrors.toException(what, error == null
        ? new AsrError("HTTP " + r.status(), "Azure answered " + r.status(), null, null) : error);
  }

  private static String text(JsonNode node, String field) {
    return AsrError.text(node, field);
  }

  private static String firstNonNull(String... values) {
    for (String v : values) {
      if (v != null) {
        return v;
      }
    }
    return null;
  }
}
