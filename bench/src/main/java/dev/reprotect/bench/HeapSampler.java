package dev.reprotect.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap while something runs, from the memory MXBean: heap in use sampled every 10 ms (garbage
 * not yet collected included, so an upper bound), and the most heap in use just after a collection
 * (the pools' collection usage: live data, a lower bound). The in-memory Temporal server shares
 * this JVM, so both include the server's state.
 */
final class HeapSampler implements AutoCloseable {

  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long peakUsed;

  HeapSampler() {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
    thread =
        new Thread(
            () -> {
              while (running) {
                peakUsed = Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed());
                try {
                  Thread.sleep(10);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  long peakUsedBytes() {
    return Math.max(peakUsed, memory.getHeapMemoryUsage().getUsed());
  }

  /** The largest heap in use right after a collection, summed over the heap pools. */
  static long liveAfterGcBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
        sum += pool.getCollectionUsage().getUsed();
      }
    }
    return sum;
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
