package dev.jtee.flow;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Test helper: waits (bounded) for a condition that another thread will make true. */
final class Waiting {
    private Waiting() {
    }

    static void until(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - end > 0) throw new AssertionError("timed out waiting for " + what);
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static void join(Thread t) throws InterruptedException {
        t.join(TimeUnit.SECONDS.toMillis(10));
        if (t.isAlive()) throw new AssertionError("thread " + t.getName() + " did not finish");
    }
}
