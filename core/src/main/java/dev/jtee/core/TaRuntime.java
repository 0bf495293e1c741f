package dev.jtee.core;

import dev.jtee.api.spi.CallFrame;
import java.util.List;

/**
 * How one instance's entry points run: on a Java thread of the instance's own ({@link JavaRuntime})
 * or in a TA host process ({@link NativeRuntime}). The {@link Instance} keeps the state both share
 * (the entry now running, death, the answer) and the {@link TaManager} the lifecycle, busy and
 * session rules; a runtime only runs what it is given. Every method but {@link #cancelRunning},
 * {@link #cancelAny} and the statistics is called by the holder of the instance's gate.
 */
interface TaRuntime {
    /** Takes what the instance needs (secure RAM, a thread or a process); false: OUT_OF_MEMORY for the open. */
    boolean start();

    /**
     * Runs one entry point of {@code kind} ({@link Instance#CREATE}..{@link Instance#DESTROY}) and
     * waits for it; afterwards the instance's result and origin hold the answer, and
     * {@link Instance#dead} says whether it died in it. {@code waitDeadline}: give up then (shutdown).
     */
    void call(int kind, Session session, CallFrame frame, Object chain, int cancelId, long cancelDeadline,
              SecureThreads.SecureThread slot, long waitDeadline);

    /** Whether {@link #post} may be used: an invoke completed by the runtime itself, without a waiting caller. */
    boolean posts();

    /** Starts an INVOKE the runtime completes itself through {@link TaManager#completeAsync} (only if {@link #posts}). */
    void post(Session session, CallFrame frame, Object chain, SecureThreads.SecureThread slot, InvokeCompletion done);

    /** A cancellation request for the entry now running, if it is that session's call with that id. Any thread. */
    void cancelRunning(Session s, int cancelId);

    /** Asks whatever entry runs now to stop waiting (world shutdown). Any thread. */
    void cancelAny();

    /** Lets the instance's thread or process end (after destroy, or after death). */
    void stop();

    /** The instance's heap now, or null before it started. Any thread. */
    HeapStats heapStats();

    /** Heap blocks still allocated (leaks at destroy). */
    List<HeapStats.Block> liveBlocks();

    /** Gives back what {@link #start} took; idempotent. */
    void release();
}
