package dev.reprotect.api.temporal;

import dev.reprotect.visibility.ReprotectSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micronaut.context.annotation.Value;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the namespace knows our search attributes ({@link ReprotectSearchAttributes}), so that
 * workflows may be started with them. Asked at the first start, not at boot, so an API process
 * comes up while Temporal is down. When allowed ({@code
 * reprotect.temporal.register-search-attributes}, the default) missing ones are created through the
 * OperatorService, which needs operator rights; otherwise, or when that is refused (Temporal Cloud
 * creates them through its own API), workflows start without them and the log says which command
 * creates them. A negative answer is asked again after a minute.
 */
@Singleton
public class SearchAttributeRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(SearchAttributeRegistration.class);
  static final Duration RECHECK_AFTER = Duration.ofMinutes(1);

  private final WorkflowServiceStubs service;
  private final String namespace;
  private final boolean register;
  private volatile boolean available;
  private volatile Instant checkedAt;

  public SearchAttributeRegistration(
      WorkflowServiceStubs service,
      @Value("${reprotect.temporal.namespace:default}") String namespace,
      @Value("${reprotect.temporal.register-search-attributes:true}") boolean register) {
    this.service = service;
    this.namespace = namespace;
    this.register = register;
  }

  /** True once every one of our search attributes exists on the namespace. */
  public boolean available() {
    if (available) {
      return true;
    }
    Instant last = checkedAt;
    if (last != null && Instant.now().isBefore(last.plus(RECHECK_AFTER))) {
      return false;
    }
    synchronized (this) {
      if (!available
          && (checkedAt == null || !Instant.now().isBefore(checkedAt.plus(RECHECK_AFTER)))) {
        available = check();
        checkedAt = Instant.now();
      }
      return available;
    }
  }

  private boolean check() {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder(service.getOptions())
                .setChannel(service.getRawChannel())
                .build());
    try {
      List<String> missing = register ? addMissing(operator) : missing(operator);
      if (missing.isEmpty()) {
        LOG.info("Search attributes {} are registered on namespace '{}'", names(), namespace);
        return true;
      }
      LOG.warn(
          "Workflows start without search attributes: namespace '{}' lacks {}. Create them with: {}",
          namespace,
          missing,
          createCommands(missing));
      return false;
    } catch (StatusRuntimeException e) {
      LOG.warn(
          "Workflows start without search attributes: cannot read those of namespace '{}' ({}). Create them with: {}",
          namespace,
          e.getStatus().getCode(),
          createCommands(names()));
      return false;
    } finally {
      // The channel is the workflow stubs' own: leave it open.
      operator.shutdown();
    }
  }

  /** Adds each attribute; one that exists already is fine. Returns those it could not add. */
  private List<String> addMissing(OperatorServiceStubs operator) {
    List<String> refused = new ArrayList<>();
    for (SearchAttributeKey<String> key : ReprotectSearchAttributes.ALL) {
      try {
        operator
            .blockingStub()
            .addSearchAttributes(
                AddSearchAttributesRequest.newBuilder()
                    .setNamespace(namespace)
                    .putSearchAttributes(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD)
                    .build());
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
          refused.add(key.getName());
        }
      }
    }
    // Refused (no rights, or a server that adds none): they may exist already all the same.
    return refused.isEmpty() ? refused : missing(operator);
  }

  private List<String> missing(OperatorServiceStubs operator) {
    ListSearchAttributesResponse known =
        operator
            .blockingStub()
            .listSearchAttributes(
                ListSearchAttributesRequest.newBuilder().setNamespace(namespace).build());
    return names().stream()
        .filter(name -> !known.getCustomAttributesMap().containsKey(name))
        .toList();
  }

  private static List<String> names() {
    return ReprotectSearchAttributes.ALL.stream().map(SearchAttributeKey::getName).toList();
  }

  private String createCommands(List<String> missing) {
    return missing.stream()
        .map(
            name ->
                "temporal operator search-attribute create --namespace "
                    + namespace
                    + " --name "
                    + name
                    + " --type Keyword")
        .collect(Collectors.joining("; "));
  }
}
