package dev.jtee.examples.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Login;
import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.api.TeeUuid;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.FlowStats;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.SecureWorld;
import dev.jtee.examples.seed.JournalTa;
import dev.jtee.examples.seed.SeedTa;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The promise: with flow control's defaults, the seed's load — 64 callers at full speed, each task
 * opening a session, sending 4 requests, closing it — kills neither heap-hungry TA (the seed's and
 * the journal TA, with different allocation patterns), and every call is accounted for. A few
 * seconds each in the default run; a minute each under the {@code soak} tag.
 */
class PromiseKeptTest {
    private static final int CALLERS = 64;

    /** The two TAs and how their callers call them. */
    enum Hungry {
        SEED(SeedTa.UUID) {
            @Override
            void call(Session s, Operation op, byte[] request, byte[] response) {
                s.invoke(SeedTa.CMD_PROCESS, op.tempMemref(0, ParamType.MEMREF_INPUT, request)
                        .tempMemref(1, ParamType.MEMREF_OUTPUT, response));
            }

            @Override
            Operation open() {
                return Operation.create().value(0, ParamType.VALUE_INPUT, SeedTa.MODE_DYNAMIC, 0);
            }
        },
        JOURNAL(JournalTa.UUID) {
            @Override
            void call(Session s, Operation op, byte[] request, byte[] response) {
                s.invoke(JournalTa.CMD_APPEND, op.tempMemref(0, ParamType.MEMREF_INPUT, request)
                        .tempMemref(1, ParamType.MEMREF_OUTPUT, response));
            }

            @Override
            Operation open() {
                return null;
            }
        };

        final TeeUuid uuid;

        Hungry(String uuid) {
            this.uuid = TeeUuid.parse(uuid);
        }

        abstract void call(Session s, Operation op, byte[] request, byte[] response);

        abstract Operation open();
    }

    /** What one load run saw. */
    record Outcome(long deaths, Map<String, Long> results, FlowStats stats) {
    }

    /** The seed's load on {@code ta} for {@code seconds} on a HiKey-like world (8 secure threads). */
    static Outcome load(Hungry ta, FlowControl flow, long seconds) {
        Map<String, LongAdder> results = new ConcurrentHashMap<>();
        try (SecureWorld world = SecureWorld.builder().threads(8).console(line -> { }).build();
             Tee tee = Tee.on(world);
             Context ctx = tee.newContext(flow)) {
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            assertTimeoutPreemptively(Duration.ofSeconds(seconds + 60), () -> {
                List<Thread> threads = new ArrayList<>();
                for (int i = 0; i < CALLERS; i++) {
                    int id = i;
                    threads.add(Thread.ofPlatform().start(() -> caller(ta, ctx, id, end, results)));
                }
                for (Thread t : threads) {
                    t.join();
                }
            });
            Map<String, Long> counted = new TreeMap<>();
            results.forEach((k, v) -> counted.put(k, v.sum()));
            return new Outcome(world.stats().panics(), counted, ctx.flowStats());
        }
    }

    private static void caller(Hungry ta, Context ctx, int id, long end, Map<String, LongAdder> results) {
        byte[] request = new byte[64 + (id * 37) % 512];
        Arrays.fill(request, (byte) id);
        byte[] response = new byte[64];
        Operation op = Operation.create();
        while (System.nanoTime() - end < 0) {
            try (Session s = ctx.openSession(ta.uuid, Login.PUBLIC, null, ta.open())) {
                count(results, "open");
                for (int i = 0; i < 4; i++) {
                    try {
                        ta.call(s, op, request, response);
                        count(results, TeeResult.SUCCESS.name());
                    } catch (TeeException e) {
                        count(results, e.result().name() + "/" + e.origin());
                    }
                }
            } catch (TeeException e) {
                count(results, e.result().name() + "/" + e.origin());
            }
        }
    }

    private static void count(Map<String, LongAdder> results, String key) {
        results.computeIfAbsent(key, k -> new LongAdder()).increment();
    }

    static void assertKept(Outcome o) {
        assertEquals(0, o.deaths(), () -> "TA deaths under flow control: " + o.results());
        String busy = TeeResult.BUSY.name() + "/" + Origin.COMMS;
        assertTrue(List.of(TeeResult.SUCCESS.name(), "open", busy).containsAll(o.results().keySet()), () -> "results: " + o.results());
        FlowStats s = o.stats();
        assertEquals(s.submitted(), s.completed() + s.refused() + s.cancelled(), s::toString);
        assertEquals(0, s.underWay());
        assertTrue(o.results().getOrDefault(TeeResult.SUCCESS.name(), 0L) > 0, () -> "no call completed: " + o.results());
    }

    @ParameterizedTest
    @EnumSource(Hungry.class)
    void theDefaultsKeepTheTaAliveForAFewSeconds(Hungry ta) {
        assertKept(load(ta, FlowControl.defaults(), 3));
    }

    @Tag("soak")
    @ParameterizedTest
    @EnumSource(Hungry.class)
    void theDefaultsKeepTheTaAliveForAMinute(Hungry ta) {
        assertKept(load(ta, FlowControl.defaults(), 60));
    }

    @Tag("soak")
    @ParameterizedTest
    @EnumSource(Hungry.class)
    void withoutFlowControlTheSameLoadKillsTheTa(Hungry ta) {
        Outcome o = load(ta, FlowControl.off(), 10);
        assertTrue(o.deaths() > 0, () -> "the load is meant to kill an unprotected TA: " + o.results());
    }
}
