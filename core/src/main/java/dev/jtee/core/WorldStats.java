package dev.jtee.core;

/**
 * A snapshot of a secure world's load and resources.
 *
 * @param secureThreads   secure threads in all ({@code CFG_NUM_THREADS})
 * @param threadsBusy     secure threads carrying a call now (including calls waiting for a busy instance)
 * @param secureRamBudget bytes of secure RAM in all
 * @param secureRamUsed   bytes reserved by instances now
 * @param instances       TA instances alive (or kept after a crash)
 * @param sessions        sessions open now, client and TA-to-TA
 * @param panics          instances that died so far (panics, aborts, stack overflows, exceptions)
 */
public record WorldStats(int secureThreads, int threadsBusy, long secureRamBudget, long secureRamUsed, int instances,
                         int sessions, long panics) {
}
