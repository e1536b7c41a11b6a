package org.canal.protocol.testing;

import java.lang.management.ManagementFactory;

/**
 * Counts the bytes the current thread allocates while running an operation many times, through
 * HotSpot's per-thread allocation counter. Used to keep Canal's packet-path code at zero allocations
 * per packet; JMH's {@code -prof gc} gives the same figure in the benchmarks.
 */
public final class AllocationMeter {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private AllocationMeter() {}

    /** An operation that may throw checked exceptions (parsers refuse by throwing). */
    @FunctionalInterface
    public interface Operation {
        void run() throws Exception;
    }

    /**
     * Runs {@code op} {@code warmup} times (so the JIT compiles it), then {@code measured} times, and
     * returns the bytes allocated per run during the measured part.
     */
    public static double bytesPerRun(Operation op, int warmup, int measured) throws Exception {
        for (int i = 0; i < warmup; i++) {
            op.run();
        }
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        for (int i = 0; i < measured; i++) {
            op.run();
        }
        long after = THREADS.getThreadAllocatedBytes(tid);
        return (double) (after - before) / measured;
    }
}
