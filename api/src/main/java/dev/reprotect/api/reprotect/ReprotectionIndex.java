package dev.reprotect.api.reprotect;

import java.util.List;

/**
 * Lists reprotection workflows. The default implementation uses ListOpen/ListClosed workflow
 * executions (served by every cluster and by the in-memory test server); a cluster with advanced
 * visibility can replace it ({@code @Replaces}) with ListWorkflowExecutions and search attributes
 * that filter and page on the server.
 */
public interface ReprotectionIndex {

  /** Every reprotection workflow id with its latest run, newest first. */
  List<ReprotectionRef> all();
}
