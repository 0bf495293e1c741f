package dev.jtee.client;

import dev.jtee.flow.Admission;
import dev.jtee.flow.Limiter;
import dev.jtee.flow.NanoClock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A context's gate into one TA instance: one of its calls inside the instance at a time, run back
 * to back on one thread (flat combining). A caller that finds the gate free and nobody queued runs
 * its call on its own thread; a caller that finds it held leaves its prepared call in the queue
 * and parks until the call has run. Whoever holds the gate runs the queued calls in order, its
 * own among them and at most {@link #BATCH} after it; if calls still wait, it hands them, and the
 * gate, to the gate's <em>runner</em>, a thread of the gate that runs queued calls until the queue
 * is empty, and returns to its caller. Under contention the instance's calls thus follow each
 * other on one thread, with no hand-off and no wake-up between them; each waiter costs one
 * wake-up, which the other cores absorb. The instance serves one entry at a time anyway, so
 * running them on one thread loses nothing.
 *
 * <p>Why a runner: a holder that went on running others' calls would keep its own caller from
 * returning, so it used to hand the gate to the next waiter after a batch. On a machine with few
 * cores that waiter wakes where the other woken callers run, and they preempt it: on 2 cores, 64
 * callers of the seed TA lost 10-15 % of their throughput to those hand-overs. The runner stays
 * where it is while calls keep coming, and no caller waits for more than {@link #BATCH} calls
 * after its own. A few callers (2 on 2 cores) rarely queue that many and never start it. It ends
 * after {@link #RUNNER_IDLE_NANOS} without calls, or when the gate closes; the next contention
 * starts a new one. Should no thread be available, the holder goes on itself.
 *
 * <p>Calls run in arrival order. A queued call gives up at its deadline, on cancellation, on an
 * interrupt or when the context closes, unless it has been started: a started call runs to its end
 * and its caller waits for it (the deadline bounds only the wait, as everywhere in flow control).
 *
 * <p>The queue is an intrusive multi-producer, single-consumer list (the holder is the consumer)
 * of nodes each caller thread reuses: nothing is allocated per call unless a call gives up.
 */
final class CallCombiner {
    /** Longest single park of a waiter on a clock that is not the system's. */
    static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    /** How long a waiter looks for its call to start before it parks. */
    static final long LOOK_NANOS = TimeUnit.MICROSECONDS.toNanos(500);
    /** Waiters looking now, over all gates: fewer than the cores, so they never crowd out a holder. */
    private static final AtomicInteger LOOKERS = new AtomicInteger();
    private static final int MAX_LOOKERS = Runtime.getRuntime().availableProcessors() - 1;
    /** How long the gate's runner waits for calls before its thread ends. */
    static final long RUNNER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Queued calls a holder runs after its own before it hands the rest to the runner. */
    static final int BATCH = 16;

    static final int PENDING = 0;
    static final int RUNNING = 1;
    static final int DONE = 2;
    static final int ABANDONED = 3;

    /** What a call does once it holds the gate; runs on whichever thread holds it. */
    interface Body {
        void run(Node n);
    }

    /** One queued call: its caller's, reused for its next call unless it gave up. */
    static final class Node {
        volatile Node next;
        /** Its caller is parked (or about to): whoever finishes its call must wake it. */
        volatile boolean parked;
        /** In {@link #wakes}, linked by {@link #wakeNext}. */
        private volatile int wakePending;
        private Node wakeNext;
        private volatile int state = DONE;
        Thread thread;
        // the call, written by its caller before it is queued
        Body body;
        int kind;
        boolean bounded;
        dev.jtee.api.spi.CallFrame frame;
        Operation op;
        Driver.Slot slot;
        ContextFlow flow;
        long deadline;
        /** Written by the thread that ran the call, read by its caller after DONE. */
        Throwable failure;
        boolean refused;

        int state() {
            return state;
        }

        boolean casState(int expected, int next) {
            return STATE.compareAndSet(this, expected, next);
        }

        boolean casWakePending(int expected, int next) {
            return WAKE_PENDING.compareAndSet(this, expected, next);
        }

        // fields rather than atomics: a call that gives up leaves its node behind and takes a new one
        private static final VarHandle STATE;
        private static final VarHandle WAKE_PENDING;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                STATE = l.findVarHandle(Node.class, "state", int.class);
                WAKE_PENDING = l.findVarHandle(Node.class, "wakePending", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private final AtomicReference<Node> tail;
    private volatile Node head;
    private final Node stub = new Node();
    private final AtomicInteger held = new AtomicInteger();
    /** Waiters of this gate looking now (they wake the callers of finished calls). */
    private final AtomicInteger lookers = new AtomicInteger();
    /** Callers of finished calls for a looker to wake. */
    private final AtomicReference<Node> wakes = new AtomicReference<>();
    private volatile boolean closed;
    /** In {@link #handed} while no runner thread is alive. */
    private static final Node NO_RUNNER = new Node();
    /**
     * The call a holder hands to the runner with the gate; null while the runner runs calls or
     * waits for them, {@link #NO_RUNNER} when it has ended (or never started).
     */
    private final AtomicReference<Node> handed = new AtomicReference<>(NO_RUNNER);
    private volatile Thread runner;
    private final long runnerIdleNanos;

    CallCombiner() {
        this(RUNNER_IDLE_NANOS);
    }

    CallCombiner(long runnerIdleNanos) {
        tail = new AtomicReference<>(stub);
        head = stub;
        this.runnerIdleNanos = runnerIdleNanos;
    }

    /**
     * Runs {@code me}'s call through the gate: GRANTED when it ran (then {@link Node#failure} says
     * whether it threw), else why it did not: CLOSED, CANCELLED, DEADLINE, or QUEUE_FULL when
     * {@code capacity} callers wait already (the flow's {@code waiting} counts them). Deadlines are
     * on the flow's clock; with a clock that is not the system's (simulated time wakes nobody) a
     * waiter looks again every {@link #MAX_PARK_NANOS}.
     */
    Admission run(Node me, long deadline, int capacity, ContextFlow flow) {
        NanoClock clock = flow.clock;
        boolean polls = clock != NanoClock.system();
        if (closed) {
            return Admission.CLOSED;
        }
        me.thread = Thread.currentThread();
        me.deadline = deadline;
        me.failure = null;
        me.refused = false;
        if (held.get() == 0 && isEmpty() && held.compareAndSet(0, 1)) {
            // Nobody waits: run it here without queueing (the node stays DONE), then let go and look.
            try {
                me.body.run(me);
            } catch (Throwable t) {
                me.failure = t;
            }
            held.set(0);
            if (!isEmpty() && held.compareAndSet(0, 1)) {
                combine(me);
            }
            return Admission.GRANTED;
        }
        me.next = null;
        me.state = PENDING;
        push(me);
        boolean interrupted = false;
        boolean counted = false;
        boolean looked = false;
        try {
            for (;;) {
                int s = me.state;
                if (s == DONE) {
                    return Admission.GRANTED;
                }
                if (s == ABANDONED) {
                    return Admission.CLOSED; // a holder ended its wait when the gate closed
                }
                if (s == PENDING && held.get() == 0 && held.compareAndSet(0, 1)) {
                    combine(me);
                    continue;
                }
                if (s == PENDING) {
                    Admission why = closed ? Admission.CLOSED
                            : interrupted || me.op != null && me.op.cancelRequested ? Admission.CANCELLED
                            : deadline != Limiter.NO_DEADLINE && clock.nanoTime() - deadline >= 0 ? Admission.DEADLINE
                            : null;
                    if (why == null && !counted) {
                        counted = true;
                        int w = flow.waiting.incrementAndGet();
                        if (w > capacity) {
                            why = Admission.QUEUE_FULL;
                        } else {
                            AtomicInteger peak = flow.peakWaiting;
                            for (int p = peak.get(); w > p && !peak.compareAndSet(p, w); p = peak.get()) {
                                // raise the peak
                            }
                        }
                    }
                    if (why != null) {
                        if (me.casState(PENDING, ABANDONED)) {
                            return why; // the holder drops the node; the caller takes a new one
                        }
                        continue; // started or handed the gate meanwhile
                    }
                    // A virtual thread does not look: its carrier stays awake on its own, and each
                    // yield of a virtual thread is a resubmission to the scheduler (an allocation).
                    if (!looked && held.get() != 0 && !me.thread.isVirtual()) {
                        looked = true;
                        if (look(me, deadline, clock)) {
                            continue;
                        }
                    }
                    if (held.get() != 0 && me.state == PENDING) {
                        long left = deadline == Limiter.NO_DEADLINE ? Long.MAX_VALUE : deadline - clock.nanoTime();
                        if (polls) {
                            left = Math.min(left, MAX_PARK_NANOS);
                        }
                        park(me, PENDING, left);
                    }
                } else {
                    park(me, RUNNING, Long.MAX_VALUE); // started: it runs to its end, whatever the deadline
                }
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
        } finally {
            if (counted) {
                flow.waiting.decrementAndGet();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Holding the gate: runs the queued calls in order. Once {@code me}'s has run and a batch after
     * it, hands the next one, and with it the gate, to the runner (which passes null: it goes on
     * until the queue is empty); with the queue empty, lets go. After a close, wakes the waiters
     * instead of running their calls.
     */
    private void combine(Node me) {
        int after = 0;
        for (;;) {
            Node n = pop();
            if (n == null) {
                held.set(0);
                // Let go, then looked: a caller queues, then looks at `held`; one of us sees the other.
                if (isEmpty() || !held.compareAndSet(0, 1)) {
                    return;
                }
                continue;
            }
            if (closed) {
                if (n.casState(PENDING, ABANDONED)) {
                    LockSupport.unpark(n.thread); // its caller answers CLOSED
                }
            } else if (n.casState(PENDING, RUNNING)) {
                if (me != null && me.state == DONE && after >= BATCH && handToRunner(n)) {
                    return; // the runner holds the gate now
                }
                execute(n);
                if (me != null && n != me && me.state == DONE) {
                    after++;
                }
            }
        }
    }

    /**
     * Gives a started call, and the gate with it, to the runner, starting a runner thread if none
     * is alive. False if no thread could be started: the holder runs the call itself.
     */
    private boolean handToRunner(Node first) {
        // Handed, then unparked: the runner looks at `handed` before it parks, or is unparked after.
        if (handed.compareAndSet(null, first)) {
            LockSupport.unpark(runner);
            return true;
        }
        // NO_RUNNER: only a holder hands calls over, and the runner takes each before it lets go
        Thread t;
        try {
            t = Thread.ofPlatform().daemon().name("jtee-gate-runner").inheritInheritableThreadLocals(false)
                    .unstarted(this::serve);
            handed.set(first);
            runner = t;
            t.start();
        } catch (OutOfMemoryError | IllegalStateException e) { // no native thread to be had
            handed.set(NO_RUNNER);
            return false;
        }
        return true;
    }

    /** The runner: runs what a holder hands it until the queue is empty, then waits for more a while. */
    private void serve() {
        long idleSince = System.nanoTime();
        for (;;) {
            Node first = handed.get();
            if (first != null && first != NO_RUNNER) {
                handed.set(null); // only the runner takes: no holder hands a call until it lets go
                execute(first);
                combine(null);
                idleSince = System.nanoTime();
                continue;
            }
            long idle = System.nanoTime() - idleSince;
            if (closed || idle >= runnerIdleNanos) {
                if (handed.compareAndSet(null, NO_RUNNER)) {
                    return; // a holder that comes later starts a new runner
                }
                continue; // handed a call meanwhile
            }
            LockSupport.parkNanos(this, runnerIdleNanos - idle);
        }
    }

    /** Parks {@code me}'s caller while its call is still in {@code state}, telling whoever finishes it to wake it. */
    private void park(Node me, int state, long nanos) {
        me.parked = true;
        if (me.state == state) {
            if (nanos == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                LockSupport.parkNanos(this, nanos);
            }
        }
        me.parked = false;
    }

    /**
     * A waiter keeps looking (yielding) for a while instead of parking, at most one per core but
     * one over all gates: a core that goes idle is slow to wake (on a virtual machine above all),
     * and a looking waiter keeps its core awake for the callers the holder wakes, while yielding
     * hands it to them at once. True if its call was started or the gate handed over meanwhile.
     */
    private boolean look(Node me, long deadline, NanoClock clock) {
        if (MAX_LOOKERS < 1) {
            return false;
        }
        if (LOOKERS.incrementAndGet() > MAX_LOOKERS) {
            LOOKERS.decrementAndGet();
            return false;
        }
        lookers.incrementAndGet();
        try {
            long start = System.nanoTime();
            while (me.state == PENDING && held.get() != 0) {
                if (closed || me.op != null && me.op.cancelRequested
                        || deadline != Limiter.NO_DEADLINE && clock.nanoTime() - deadline >= 0) {
                    return false; // its wait ends: the caller sees why
                }
                if (wakeAll() > 0) {
                    start = System.nanoTime(); // useful here: keep looking
                } else if (System.nanoTime() - start > LOOK_NANOS) {
                    return false;
                }
                Thread.yield();
            }
            return true;
        } finally {
            lookers.decrementAndGet();
            LOOKERS.decrementAndGet();
            wakeAll(); // whatever the holder left for us after we stopped looking
        }
    }

    /**
     * Wakes the caller of a finished call: a looking waiter does it when there is one (it runs on
     * another core, so the holder goes straight on to the next call), else the holder itself.
     */
    private void wake(Node n) {
        if (lookers.get() == 0) {
            LockSupport.unpark(n.thread);
            return;
        }
        if (n.casWakePending(0, 1)) {
            for (Node top = wakes.get(); ; top = wakes.get()) {
                n.wakeNext = top;
                if (wakes.compareAndSet(top, n)) {
                    break;
                }
            }
        } // else it is in the list already, and will be woken
        // Pushed, then looked: a looker stops looking, then empties the list; one of us sees the other.
        if (lookers.get() == 0) {
            wakeAll();
        }
    }

    /** Wakes every caller in {@link #wakes}; how many. */
    private int wakeAll() {
        if (wakes.get() == null) {
            return 0; // only read: the holder's pushes keep the line to themselves
        }
        int woken = 0;
        for (Node n = wakes.getAndSet(null); n != null; ) {
            Node next = n.wakeNext; // read before it may be pushed again
            n.wakeNext = null;
            Thread t = n.thread;
            n.wakePending = 0;
            LockSupport.unpark(t);
            woken++;
            n = next;
        }
        return woken;
    }

    private void execute(Node n) {
        try {
            n.body.run(n);
        } catch (Throwable t) {
            n.failure = t;
        }
        boolean self = n.thread == Thread.currentThread();
        n.state = DONE;
        // Finished, then looked: its caller says it parks, then looks at the state; one of us sees the other.
        if (!self && n.parked) {
            wake(n);
        }
    }

    /** Ends every wait (CLOSED); a started call still runs to its end. */
    void close() {
        closed = true;
        if (held.compareAndSet(0, 1)) {
            combine(null);
        } // else the holder sees the close and wakes the waiters
        Thread r = runner;
        if (r != null) {
            LockSupport.unpark(r); // it ends
        }
    }

    /** Wakes {@code op}'s caller if its call is queued here, so it sees its cancellation. */
    static void cancel(Node n) {
        if (n != null && n.state == PENDING) {
            LockSupport.unpark(n.thread);
        }
    }

    // ---- the queue: producers swap the tail and link behind it; only the holder moves the head

    private void push(Node n) {
        Node prev = tail.getAndSet(n);
        prev.next = n;
    }

    /** The first queued call, or null when none is (or one is still being linked). Holder only. */
    private Node pop() {
        Node h = head;
        Node next = h.next;
        if (h == stub) {
            if (next == null) {
                return null;
            }
            head = next;
            h = next;
            next = next.next;
        }
        if (next != null) {
            head = next;
            return h;
        }
        if (h != tail.get()) {
            return null; // a caller is linking behind h
        }
        stub.next = null;
        push(stub);
        next = h.next;
        if (next != null) {
            head = next;
            return h;
        }
        return null;
    }

    /** Whether no call is queued; any thread (a racy look, exact when quiet). */
    private boolean isEmpty() {
        Node h = head;
        return h == stub && h.next == null && tail.get() == stub;
    }
}
