package dev.jtee.core;

import dev.jtee.api.ParamType;
import dev.jtee.api.TeeResult;
import dev.jtee.ta.Params;
import dev.jtee.ta.TaManifest;
import dev.jtee.ta.TaSession;
import dev.jtee.ta.TeeApi;
import dev.jtee.ta.TrustedApplication;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A configurable TA for the world's tests: a manifest, a {@link Control} the test observes and
 * steers, and a set of commands that exercise the world's rules. Subclass inline to add more.
 */
class TestTa implements TrustedApplication {
    /** p0 VALUE_INOUT: a + 1. */
    static final int CMD_INC = 0;
    /** TEE_Panic(p0.a). */
    static final int CMD_PANIC = 1;
    /** A NULL write: data abort. */
    static final int CMD_NULL_WRITE = 2;
    /** Unbounded recursion: stack overflow. */
    static final int CMD_RECURSE = 3;
    /** Throws an IllegalStateException. */
    static final int CMD_THROW = 4;
    /** Signals {@link Control#entered}, then waits for {@link Control#release}. */
    static final int CMD_BLOCK = 5;
    /** p0 VALUE_OUTPUT: a = invokes this object has served (tells instances apart). */
    static final int CMD_COUNT = 6;
    /** Counts how many entries run at once on the TA's objects, holding the entry ~1 ms. */
    static final int CMD_CONCURRENCY = 7;
    /** Unmasks cancellation, then TEE_Wait(p0.a); answers its result. */
    static final int CMD_WAIT = 8;
    /** Answers TeeResult p0.a. */
    static final int CMD_RETURN = 9;
    /** Signals entered, waits for release, then panics with p0.a. */
    static final int CMD_BLOCK_THEN_PANIC = 10;
    /** Allocates p0.a bytes and keeps them (a leak unless freed). */
    static final int CMD_LEAK = 11;

    /** What a test sees of and does to its TA's objects. */
    static final class Control {
        final List<String> events = new CopyOnWriteArrayList<>();
        final AtomicInteger objects = new AtomicInteger();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger maxInside = new AtomicInteger();
        final Semaphore entered = new Semaphore(0);
        volatile CountDownLatch release = new CountDownLatch(1);
        volatile TeeResult createResult = TeeResult.SUCCESS;
        volatile TeeResult openResult = TeeResult.SUCCESS;

        long count(String event) {
            return events.stream().filter(event::equals).count();
        }

        void awaitEntered(int n) throws InterruptedException {
            if (!entered.tryAcquire(n, 10, TimeUnit.SECONDS)) {
                throw new AssertionError("the TA was not entered " + n + " time(s) within 10 s; events " + events);
            }
        }
    }

    final TaManifest manifest;
    final Control control;
    final int object;
    private int invokes;

    TestTa(TaManifest manifest, Control control) {
        this.manifest = manifest;
        this.control = control;
        this.object = control.objects.incrementAndGet();
    }

    static TaManifest manifest(String uuid, String name, int flags) {
        return TaManifest.builder(uuid, name).flags(flags).build();
    }

    @Override
    public TaManifest manifest() {
        return manifest;
    }

    @Override
    public TeeResult create() {
        control.events.add("create");
        return control.createResult;
    }

    @Override
    public void destroy() {
        control.events.add("destroy");
    }

    @Override
    public TeeResult openSession(Params params, TaSession session) {
        control.events.add("open");
        return control.openResult;
    }

    @Override
    public void closeSession(TaSession session) {
        control.events.add("close");
    }

    @Override
    public TeeResult invokeCommand(TaSession session, int command, Params params) {
        invokes++;
        switch (command) {
            case CMD_INC -> {
                if (params.type(0) != ParamType.VALUE_INOUT) {
                    return TeeResult.BAD_PARAMETERS;
                }
                params.value(0).a(params.value(0).a() + 1);
                return TeeResult.SUCCESS;
            }
            case CMD_PANIC -> throw TeeApi.panic(params.value(0).a());
            case CMD_NULL_WRITE -> TeeApi.putByte(0, (byte) 1);
            case CMD_RECURSE -> recurse(0);
            case CMD_THROW -> throw new IllegalStateException("test TA throws on purpose");
            case CMD_BLOCK -> {
                block();
                return TeeResult.SUCCESS;
            }
            case CMD_COUNT -> {
                params.value(0).a(invokes);
                return TeeResult.SUCCESS;
            }
            case CMD_CONCURRENCY -> {
                int now = control.inside.incrementAndGet();
                control.maxInside.accumulateAndGet(now, Math::max);
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                control.inside.decrementAndGet();
                return TeeResult.SUCCESS;
            }
            case CMD_WAIT -> {
                TeeApi.unmaskCancellation();
                return TeeApi.waitFor(params.value(0).a());
            }
            case CMD_RETURN -> {
                return TeeResult.of(params.value(0).a());
            }
            case CMD_BLOCK_THEN_PANIC -> {
                block();
                throw TeeApi.panic(params.value(0).a());
            }
            case CMD_LEAK -> {
                return TeeApi.malloc(params.value(0).a(), TeeApi.MALLOC_FILL_ZERO) == 0 ? TeeResult.OUT_OF_MEMORY
                        : TeeResult.SUCCESS;
            }
            default -> {
                return TeeResult.NOT_SUPPORTED;
            }
        }
        return TeeResult.SUCCESS;
    }

    void block() {
        control.entered.release();
        try {
            if (!control.release.await(20, TimeUnit.SECONDS)) {
                control.events.add("block timed out");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
