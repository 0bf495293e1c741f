package dev.jtee.stress;

import dev.jtee.client.Session;
import java.time.Duration;

/**
 * What the generator calls. Each generator thread gets its own {@link Caller} from
 * {@link #newCaller()}, so a caller need not be thread-safe and may keep its own reusable state
 * (an {@link dev.jtee.client.Operation}); the target itself must allow {@code newCaller} from any
 * thread.
 */
public interface Target {

    /** A caller for one generator thread. */
    Caller newCaller();

    /** A short description for the report, e.g. {@code hello_world cmd 0 (1 value)}. */
    default String describe() {
        return toString();
    }

    /** One generator thread's handle on the target. Used by one thread at a time. */
    interface Caller extends AutoCloseable {
        /**
         * Makes one call and answers its {@link Outcome} ({@link Outcome#SUCCESS} is 0). Must not
         * allocate on success if the generator is to stay allocation-free; must answer failures,
         * not throw them (an exception is counted as a failure of the target itself).
         */
        long call();

        @Override
        default void close() {
        }
    }

    /** A target that does nothing: the generator's own ceiling. */
    static Target noop() {
        return NoopTarget.INSTANCE;
    }

    /**
     * {@code session.invoke(command, op)} with a fresh copy of {@code template}'s parameters per
     * call (each caller reuses one {@link dev.jtee.client.Operation}).
     */
    static Target session(Session session, int command, OperationTemplate template) {
        return new SessionTarget(new Session[] {session}, command, template, null);
    }

    /**
     * Like {@link #session(Session, int, OperationTemplate)} over several sessions: caller {@code i}
     * uses session {@code i % sessions.length}. {@code label} names the target in the report.
     */
    static Target sessions(Session[] sessions, int command, OperationTemplate template, String label) {
        return new SessionTarget(sessions.clone(), command, template, label);
    }

    /** Opens one more session for {@link #sessionPerCaller}; a failure is each of that caller's outcomes. */
    @FunctionalInterface
    interface SessionOpener {
        Session open() throws dev.jtee.api.TeeException;
    }

    /**
     * Like {@link #session(Session, int, OperationTemplate)}, but every generator thread has a
     * session of its own, opened by {@code opener} when first needed and reused by later steps:
     * the load is never capped by calls queueing on one session, and the open model's threads
     * (sized by Little's law) are its concurrency.
     */
    static Target sessionPerCaller(SessionOpener opener, int command, OperationTemplate template, String label) {
        return new SessionTarget(opener, command, template, label);
    }

    /**
     * A simulated service with {@code servers} parallel servers and a capacity of
     * {@code capacityPerSecond} calls per second (each call is served in {@code servers /
     * capacity}), queueing FIFO when all are busy; time comes from {@code ticker}.
     */
    static Target simulated(double capacityPerSecond, int servers, Ticker ticker) {
        return new SimulatedService(capacityPerSecond, servers, ticker);
    }

    /**
     * Like {@link #simulated(double, int, Ticker)}; without {@code queueing} a call that finds every
     * server busy is refused at once with TEE_ERROR_BUSY.
     */
    static Target simulated(double capacityPerSecond, int servers, boolean queueing, Ticker ticker) {
        return new SimulatedService(capacityPerSecond, servers, queueing, ticker);
    }

    /** {@link #simulated(double, int, Ticker)} on the system ticker. */
    static Target simulated(double capacityPerSecond, int servers) {
        return simulated(capacityPerSecond, servers, Ticker.system());
    }

    /** Calls {@code delegate}, but the {@code n}-th call overall (from 0) stalls {@code stall} first. */
    static Target stallOnce(Target delegate, long n, Duration stall, Ticker ticker) {
        return new StallingTarget(delegate, n, stall.toNanos(), ticker);
    }
}
