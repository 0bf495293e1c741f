package dev.jtee.stress;

import java.util.concurrent.atomic.AtomicLong;

/** A target whose n-th call stalls once: shows what coordinated omission hides. */
final class StallingTarget implements Target {
    private final Target delegate;
    private final long stallAt;
    private final long stallNanos;
    private final Ticker ticker;
    private final AtomicLong calls = new AtomicLong();

    StallingTarget(Target delegate, long stallAt, long stallNanos, Ticker ticker) {
        this.delegate = delegate;
        this.stallAt = stallAt;
        this.stallNanos = stallNanos;
        this.ticker = ticker;
    }

    @Override
    public Caller newCaller() {
        Caller inner = delegate.newCaller();
        return new Caller() {
            @Override
            public long call() {
                if (calls.getAndIncrement() == stallAt) {
                    ticker.awaitNanos(ticker.nanoTime() + stallNanos);
                }
                return inner.call();
            }

            @Override
            public void close() {
                inner.close();
            }
        };
    }

    @Override
    public String describe() {
        return delegate.describe() + ", call " + stallAt + " stalls " + Format.duration(stallNanos);
    }
}
