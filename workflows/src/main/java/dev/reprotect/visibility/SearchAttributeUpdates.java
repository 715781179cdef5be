package dev.reprotect.visibility;

import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps a workflow's search attributes in step with its state, from inside the workflow: one upsert
 * (one history event, in a workflow task that runs anyway) per change of step or state, none while
 * it waits, none when nothing changed.
 *
 * <p>Only a run started with {@link ReprotectSearchAttributes#STATE} upserts: its starter found the
 * attributes registered on the namespace (an upsert of an unknown attribute fails the workflow
 * task). Runs started without them (older starters, tests, a cluster without the attributes) add no
 * command at all. {@code Workflow.getVersion} guards the new commands for runs an older worker
 * began.
 */
public final class SearchAttributeUpdates {

  static final String CHANGE_ID = "search-attributes";
  static final int UPSERTS = 1;

  private final boolean enabled;
  private final Map<SearchAttributeKey<String>, String> current = new HashMap<>();

  private SearchAttributeUpdates(boolean enabled) {
    this.enabled = enabled;
    if (enabled) {
      for (SearchAttributeKey<String> key : ReprotectSearchAttributes.ALL) {
        String value = Workflow.getTypedSearchAttributes().get(key);
        if (value != null) {
          current.put(key, value);
        }
      }
    }
  }

  /** Call once, at the start of the workflow method. */
  public static SearchAttributeUpdates forThisRun() {
    boolean startedWithThem =
        Workflow.getTypedSearchAttributes().containsKey(ReprotectSearchAttributes.STATE);
    return new SearchAttributeUpdates(
        startedWithThem
            && Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, UPSERTS) >= UPSERTS);
  }

  /** Whether this run carries our search attributes (and so may give them to its children). */
  public boolean enabled() {
    return enabled;
  }

  /** Set these values (null unsets), in one upsert; nothing when none differs from what is set. */
  public void set(Map<SearchAttributeKey<String>, String> values) {
    if (!enabled) {
      return;
    }
    List<SearchAttributeUpdate<?>> updates = new ArrayList<>();
    values.forEach(
        (key, value) -> {
          if (!Objects.equals(current.get(key), value)) {
            updates.add(value == null ? key.valueUnset() : key.valueSet(value));
            if (value == null) {
              current.remove(key);
            } else {
              current.put(key, value);
            }
          }
        });
    if (!updates.isEmpty()) {
      Workflow.upsertTypedSearchAttributes(updates.toArray(new SearchAttributeUpdate<?>[0]));
    }
  }

  public void set(SearchAttributeKey<String> key, String value) {
    Map<SearchAttributeKey<String>, String> one = new LinkedHashMap<>();
    one.put(key, value);
    set(one);
  }

  public void set(
      SearchAttributeKey<String> key1,
      String value1,
      SearchAttributeKey<String> key2,
      String value2) {
    Map<SearchAttributeKey<String>, String> two = new LinkedHashMap<>();
    two.put(key1, value1);
    two.put(key2, value2);
    set(two);
  }
}
