package dev.jtee.examples.seed;

import static dev.jtee.examples.seed.SeedTaTest.assertTaError;
import static dev.jtee.examples.seed.SeedTaTest.assertTeeError;
import static dev.jtee.examples.seed.SeedTaTest.bounded;
import static dev.jtee.examples.seed.SeedTaTest.open;
import static dev.jtee.examples.seed.SeedTaTest.pattern;
import static dev.jtee.examples.seed.SeedTaTest.process;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtee.api.Origin;
import dev.jtee.api.ParamType;
import dev.jtee.api.TeeException;
import dev.jtee.api.TeeResult;
import dev.jtee.client.Context;
import dev.jtee.client.FlowControl;
import dev.jtee.client.Operation;
import dev.jtee.client.Session;
import dev.jtee.client.Tee;
import dev.jtee.core.HeapStats;
import dev.jtee.core.InstanceInfo;
import dev.jtee.core.PanicReport;
import dev.jtee.core.SecureWorld;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The seed's failures from the emulator's real limits, each on a HiKey-like world of its own (8
 * secure threads, the TA's 32 KiB heap and 2 KiB stack), driven from one thread so the outcome is
 * deterministic: many open dynamic sessions fragment and exhaust the heap and the TA panics with
 * OUT_OF_MEMORY; static sessions under the same load live; a deep recursion overflows the stack.
 * The clients use OP-TEE's plain driver ({@link FlowControl#off()}): flow control would hold the
 * 17th session of the single-instance seed TA back, which is the fix, not the failure.
 */
class SeedTaLoadTest {
    /** The demo's caller pool: one session per caller. */
    private static final int SESSIONS = 64;
    private static final int ROUNDS = 8;
    private static final int OUT_OF_MEMORY = 0xffff000c;
    private static final int OVERFLOW = 0xffff300f;

    /** A world of its own, with its console lines and panic reports. */
    private record World(SecureWorld world, Tee tee, List<String> lines, List<PanicReport> panics)
            implements AutoCloseable {
        static World start() {
            List<String> lines = new CopyOnWriteArrayList<>();
            List<PanicReport> panics = new CopyOnWriteArrayList<>();
            SecureWorld world = SecureWorld.builder().threads(8).console(lines::add).build();
            world.onPanic(panics::add);
            return new World(world, Tee.on(world), lines, panics);
        }

        boolean panicLine(int code) {
            Pattern p = Pattern.compile("TA panicked with code 0x0*" + Integer.toHexString(code) + "(?![0-9a-fA-F])");
            return lines.stream().anyMatch(l -> p.matcher(l).find());
        }

        String console() {
            return String.join("\n", lines);
        }

        @Override
        public void close() {
            tee.close();
            world.close();
        }
    }

    @Test
    void dynamicModeUnderManySessionsExhaustsTheHeapAndKillsTheTa() {
        bounded(() -> {
            try (World w = World.start(); Context ctx = w.tee().newContext(FlowControl.off())) {
                List<Session> sessions = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    sessions.add(open(ctx, SeedTa.MODE_DYNAMIC));
                }
                TeeException death = null;
                int served = 0;
                load:
                for (int round = 0; round < ROUNDS; round++) {
                    for (Session s : sessions) {
                        try {
                            process(s, pattern(100));
                            served++;
                        } catch (TeeException e) {
                            death = e;
                            break load;
                        }
                    }
                }
                assertNotNull(death, "the dynamic TA survived " + served + " calls on " + SESSIONS + " sessions");
                assertEquals(TeeResult.TARGET_DEAD, death.result(), death::getMessage);
                assertEquals(Origin.TEE, death.origin(), death::getMessage);
                assertTrue(served >= SESSIONS, "every session was served once before the heap ran out: " + served);

                assertEquals(1, w.panics().size(), w::console);
                PanicReport report = w.panics().get(0);
                assertEquals(SeedTaTest.UUID, report.uuid());
                assertEquals(OUT_OF_MEMORY, report.code(), () -> "panic code 0x" + Integer.toHexString(report.code()));
                assertTrue(w.panicLine(OUT_OF_MEMORY), w::console);

                // the dead instance stays listed while its sessions hold it: its heap shows the failed malloc
                InstanceInfo dead = w.world().instances().stream()
                        .filter(i -> i.uuid().equals(SeedTaTest.UUID)).findFirst().orElseThrow();
                assertTrue(dead.dead());
                assertTrue(dead.heap().failures() >= 1, dead.heap()::toString);

                // one shared instance: every session is dead now
                for (Session s : sessions) {
                    assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> process(s, pattern(100)));
                    s.close();
                }
            }
        });
    }

    @Test
    void staticModeUnderTheSameLoadLives() {
        bounded(() -> {
            try (World w = World.start(); Context ctx = w.tee().newContext(FlowControl.off())) {
                List<Session> sessions = new ArrayList<>();
                for (int i = 0; i < SESSIONS; i++) {
                    sessions.add(open(ctx, SeedTa.MODE_STATIC));
                }
                HeapStats loaded = SeedTaTest.heap(w.world());
                for (int round = 0; round < ROUNDS; round++) {
                    for (Session s : sessions) {
                        process(s, pattern(100));
                    }
                }
                HeapStats after = SeedTaTest.heap(w.world());
                assertTrue(w.panics().isEmpty(), w::console);
                assertEquals(0, after.failures());
                assertEquals(loaded.used(), after.used(), "calls allocate nothing in static mode");
                assertEquals(SESSIONS + 1, after.liveBlocks(), "one context per session and the static buffer");
                Operation stats = SeedTaTest.stats(sessions.get(0));
                assertEquals(SESSIONS * ROUNDS, stats.valueA(0));
                assertEquals(SESSIONS, stats.valueB(0));
                for (Session s : sessions) {
                    s.close();
                }
            }
        });
    }

    @Test
    void staticModeRefusesSessionsWhenTheHeapIsFullAndLives() {
        bounded(() -> {
            try (World w = World.start(); Context ctx = w.tee().newContext(FlowControl.off())) {
                List<Session> sessions = new ArrayList<>();
                TeeException refused = null;
                while (refused == null && sessions.size() < 1000) {
                    try {
                        sessions.add(open(ctx, SeedTa.MODE_STATIC));
                    } catch (TeeException e) {
                        refused = e;
                    }
                }
                assertNotNull(refused);
                assertEquals(TeeResult.OUT_OF_MEMORY, refused.result(), refused::getMessage);
                assertEquals(Origin.TRUSTED_APP, refused.origin(), refused::getMessage);
                int capacity = (SeedTa.DATA_SIZE - (SeedTa.STATIC_BUFFER_SIZE + 16)) / (SeedTa.CONTEXT_SIZE + 16);
                assertEquals(capacity, sessions.size(), "sessions that fit beside the static buffer");
                for (Session s : sessions) {
                    process(s, pattern(200));
                }
                assertTrue(w.panics().isEmpty(), w::console);
                for (Session s : sessions) {
                    s.close();
                }
            }
        });
    }

    @Test
    void deepRecursionOverflowsTheStack() {
        bounded(() -> {
            try (World w = World.start(); Context ctx = w.tee().newContext(FlowControl.off())) {
                Session s = open(ctx, SeedTa.MODE_DYNAMIC);
                Operation ok = Operation.create().value(0, ParamType.VALUE_INOUT, SeedTa.SAFE_DEPTH, 0);
                s.invoke(SeedTa.CMD_RECURSE, ok);
                assertEquals(SeedTa.SAFE_DEPTH, ok.valueA(0));
                assertFalse(w.panicLine(OVERFLOW));

                Operation deep = Operation.create().value(0, ParamType.VALUE_INOUT, SeedTa.OVERFLOW_DEPTH, 0);
                assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> s.invoke(SeedTa.CMD_RECURSE, deep));
                assertTrue(w.panicLine(OVERFLOW), w::console);
                assertEquals(1, w.panics().size(), w::console);
                assertEquals(OVERFLOW, w.panics().get(0).code());
                assertEquals(SeedTa.OVERFLOW_DEPTH, deep.valueA(0), "a dead TA writes nothing back");
                assertTeeError(TeeResult.TARGET_DEAD, Origin.TEE, () -> process(s, pattern(10)));
                s.close();

                // a new session gets a new instance
                try (Session fresh = open(ctx, SeedTa.MODE_DYNAMIC)) {
                    assertEquals(new SeedModel().process(pattern(10)).length, process(fresh, pattern(10)).length);
                    assertTaError(TeeResult.SHORT_BUFFER, () -> fresh.invoke(SeedTa.CMD_PROCESS, Operation.create()
                            .tempMemref(0, ParamType.MEMREF_TEMP_INPUT, pattern(1))
                            .tempMemref(1, ParamType.MEMREF_TEMP_OUTPUT, new byte[1])));
                }
            }
        });
    }
}
