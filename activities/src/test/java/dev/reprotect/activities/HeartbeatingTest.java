package dev.reprotect.activities;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.activity.ActivityExecutionContext;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An activity waiting on one slow call keeps heartbeating its last details, and stops after. (What
 * the SDK then forwards to the server is throttled by it; this checks what the activity sends.)
 */
class HeartbeatingTest {

  @Test
  void
      givenACallSlowerThanAHeartbeatTimeout_whenWaitedOn_itShouldHeartbeatTheLastDetailsThroughoutThenStop()
          throws Exception {
    List<Object> heartbeats = new CopyOnWriteArrayList<>();
    // The activity's context, as far as heartbeats go (no activity runs here).
    ActivityExecutionContext ctx =
        (ActivityExecutionContext)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {ActivityExecutionContext.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("heartbeat")) {
                    heartbeats.add(args[0]);
                    return null;
                  }
                  throw new UnsupportedOperationException(method.getName());
                });

    String read =
        Heartbeating.during(
            ctx,
            "42% sent",
            Duration.ofMillis(100),
            () -> {
              try {
                Thread.sleep(1_000);
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              return "protected";
            });

    assertEquals("protected", read);
    assertTrue(
        heartbeats.size() >= 5, "heartbeats during a 1 s call, every 100 ms: " + heartbeats.size());
    assertTrue(heartbeats.stream().allMatch("42% sent"::equals), heartbeats.toString());
    int after = heartbeats.size();
    Thread.sleep(400);
    assertEquals(after, heartbeats.size(), "no heartbeat once the call returned");
  }
}
