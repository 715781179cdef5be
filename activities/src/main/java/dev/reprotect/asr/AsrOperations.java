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
 * Site Recovery's long-running operations and jobs. {@code reProtect} and {@code remove} are
 * long-running: 200, or 202 with Azure-AsyncOperation ({@code replicationOperationStatus/{id}}:
 * status InProgress, Succeeded, Failed, Canceled) and/or Location (202 while running), or a 202
 * with neither (the specification declares no headers for it). Whichever comes back, the replicated
 * item's {@code currentScenario.jobId} names the job ({@code replicationJobs/{j}}: state, tasks[],
 * errors[]) whose progress is reported meanwhile, and without operation headers the job alone is
 * followed. A job that fails, is cancelled or is suspended ends the following with a typed failure.
 */
final class AsrOperations {

  private static final Logger LOG = LoggerFactory.getLogger(AsrOperations.class);

  private final AsrSettings settings;
  private final ArmClient arm;
  private final Clock clock;
  private final Consumer<String> onJobProgress;
  private final Function<String, Optional<JsonNode>> protectedItem;

  AsrOperations(
      AsrSettings settings,
      ArmClient arm,
      Clock clock,
      Consumer<String> onJobProgress,
      Function<String, Optional<JsonNode>> protectedItem) {
    this.settings = settings;
    this.arm = arm;
    this.clock = clock;
    this.onJobProgress = onJobProgress;
    this.protectedItem = protectedItem;
  }

  /**
   * Follows an accepted operation until it ends or the window closes, reporting the item's current
   * job: through Azure-AsyncOperation, else Location, else (a 202 without either, or a 200 whose
   * item still runs a job) the job itself. A failed operation throws its job's first error, mapped;
   * a cancelled or suspended one its typed failure. A window that closes first leaves the rest to
   * SYNCHRONIZE.
   *
   * @param jobBefore the item's current job before the POST (null: none); never taken for the
   *     operation's own, so that an old failed job is not read as this one
   */
  void follow(String what, String item, Response accepted, String jobBefore, Duration window) {
    String async = accepted.header("Azure-AsyncOperation").orElse(null);
    String location = accepted.header("Location").orElse(null);
    if (accepted.status() != 202 || async == null && location == null) {
      followJob(what, item, accepted.status() == 202, jobBefore, window);
      return;
    }
    Instant deadline = clock.instant().plus(window);
    Response last = accepted;
    String jobId = null;
    while (true) {
      pause(
          last.header("Retry-After")
              .flatMap(ArmClient::parseRetryAfter)
              .orElse(settings.pollInterval()));
      if (jobId == null) {
        jobId = newJobId(item, jobBefore);
      }
      JsonNode job = jobId == null ? null : job(jobId);
      if (job != null) {
        onJobProgress.accept(describeJob(job));
        throwIfStopped(what, job);
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
      AsrJobState state = AsrJobState.of(status);
      if (state == AsrJobState.SUCCEEDED) {
        if (jobId != null) {
          JsonNode done = job(jobId);
          if (done != null) {
            onJobProgress.accept(describeJob(done));
          }
        }
        LOG.info("{}: {} succeeded", item, what);
        return;
      }
      if (state == AsrJobState.FAILED || state == AsrJobState.CANCELLED) {
        JsonNode endedJob = jobId == null ? null : job(jobId);
        if (endedJob != null
            && (state(endedJob) != AsrJobState.FAILED || firstError(endedJob) != null)) {
          throwIfStopped(what, endedJob); // else the operation's own error says more
        }
        if (state == AsrJobState.CANCELLED) {
          throw AsrErrors.jobCancelled(what, "the operation");
        }
        AsrError error = null;
        if (opError != null && opError.isObject()) {
          error =
              new AsrError(
                  text(opError, "code"),
                  text(opError, "message"),
                  text(opError, "possibleCauses"),
                  text(opError, "recommendedAction"));
        }
        throw AsrErrors.toException(
            what,
            error == null
                ? new AsrError(status, "the operation ended " + status, null, null)
                : error);
      }
      if (!clock.instant().isBefore(deadline)) {
        throwIfQueued(what, job);
        LOG.info(
            "{}: {} still {} after {}; synchronization follows the rest",
            item,
            what,
            status,
            window);
        return;
      }
    }
  }

  /**
   * Follows the job the item runs already (a reprotect started earlier, by a POST not repeated).
   */
  void followCurrent(String what, String item, Duration window) {
    followJob(what, item, false, null, window);
  }

  /**
   * Follows the item's current job when the service gave no operation to poll.
   *
   * @param awaitJob whether to wait for a job to appear (202: accepted, the job may not show yet);
   *     after a 200 an item without a running job is done
   */
  private void followJob(
      String what, String item, boolean awaitJob, String jobBefore, Duration window) {
    Instant deadline = clock.instant().plus(window);
    String jobId = null;
    while (true) {
      if (jobId == null) {
        // Once known, the job is read by its id: the item's current scenario moves on when it ends.
        jobId = newJobId(item, jobBefore);
      }
      JsonNode job = jobId == null ? null : job(jobId);
      if (job == null && !awaitJob) {
        return;
      }
      if (job != null) {
        onJobProgress.accept(describeJob(job));
        throwIfStopped(what, job);
        if (state(job) == AsrJobState.SUCCEEDED) {
          LOG.info("{}: {} succeeded (its job followed: no operation to poll)", item, what);
          return;
        }
      }
      if (!clock.instant().isBefore(deadline)) {
        throwIfQueued(what, job);
        LOG.info(
            "{}: {} {} after {}; synchronization follows the rest",
            item,
            what,
            job == null ? "shows no job yet" : "still " + text(job.path("properties"), "state"),
            window);
        return;
      }
      pause(settings.pollInterval());
    }
  }

  /** The item's current job unless it is the one it had before the POST. */
  private String newJobId(String item, String jobBefore) {
    String jobId = currentJobId(item);
    return jobId != null && jobId.equalsIgnoreCase(jobBefore) ? null : jobId;
  }

  /** Throws the failure of a job that failed, was cancelled or is suspended; returns otherwise. */
  static void throwIfStopped(String what, JsonNode job) {
    switch (state(job)) {
      case FAILED -> {
        AsrError error = firstError(job);
        throw AsrErrors.toException(
            what, error == null ? new AsrError(null, "the job failed", null, null) : error);
      }
      case CANCELLED -> throw AsrErrors.jobCancelled(what, describeJob(job));
      case SUSPENDED -> throw AsrErrors.jobSuspended(what, describeJob(job));
      default -> {}
    }
  }

  /**
   * A job still NotStarted when the window closes has not begun replicating: the step is retried
   * (and then follows the same job) rather than left to a synchronization that would read it as not
   * started.
   */
  private static void throwIfQueued(String what, JsonNode job) {
    if (job != null && state(job) == AsrJobState.NOT_STARTED) {
      throw AsrErrors.jobQueued(what, describeJob(job));
    }
  }

  static AsrJobState state(JsonNode job) {
    return AsrJobState.of(text(job.path("properties"), "state"));
  }

  /** The job of the item's current scenario; null when there is none. */
  JsonNode currentJob(JsonNode properties) {
    String jobId = jobIdOf(properties);
    return jobId == null ? null : job(jobId);
  }

  String currentJobId(String item) {
    return protectedItem.apply(item).map(i -> jobIdOf(i.path("properties"))).orElse(null);
  }

  /** currentScenario.jobId, unless the scenario is "None" (ASR then names the job "None"). */
  static String jobIdOf(JsonNode properties) {
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

  /**
   * "Site Recovery job Reprotect InProgress: Prerequisites check [Succeeded], Start replication
   * [InProgress]"
   */
  static String describeJob(JsonNode job) {
    JsonNode p = job.path("properties");
    StringBuilder b =
        new StringBuilder("Site Recovery job ")
            .append(
                firstNonNull(
                    text(p, "friendlyName"), text(p, "scenarioName"), job.path("name").asText()))
            .append(' ')
            .append(text(p, "state"))
            .append(':');
    String sep = " ";
    for (JsonNode task : p.path("tasks")) {
      b.append(sep)
          .append(firstNonNull(text(task, "friendlyName"), text(task, "name"), "task"))
          .append(" [")
          .append(text(task, "state"))
          .append(']');
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
    return AsrErrors.toException(
        what,
        error == null
            ? new AsrError("HTTP " + r.status(), "Azure answered " + r.status(), null, null)
            : error);
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
